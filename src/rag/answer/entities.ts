import { alternation } from "../alternation.js";
import nlp from "compromise";
import { LRUCache } from "lru-cache";
import type { AnswerType } from "./answer-type.js";

/** A span of a sentence that could answer a question of some type: a name, a place, a figure. */
export interface Entity {
  type: EntityType;
  text: string;
  start: number;
  end: number;
}

export type EntityType =
  | "person"
  | "place"
  | "organisation"
  | "name"
  | "title"
  | "date"
  | "number"
  | "money"
  | "percent"
  | "duration"
  | "colour"
  | "noun";

const MONTHS =
  "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
const NUMBER_WORDS = alternation(`one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen
  |twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|dozens|hundreds|thousands|millions`);
// Written dates: "May 3, 2024", "3 May 2024", "May 2024", a weekday, a month, a year or decade.
const DATE_FORMS = [
  `(?:${MONTHS})\\.?\\s\\d{1,2}(?:st|nd|rd|th)?(?:,\\s\\d{4})?`,
  `\\d{1,2}(?:st|nd|rd|th)?\\s(?:${MONTHS})(?:\\s\\d{4})?`,
  `(?:${MONTHS})\\s\\d{4}`,
  "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
  "(?:January|February|March|April|May|June|July|August|September|October|November|December)",
  "(?:1[89]|20)\\d{2}s?",
];
const SCALE = "(?:\\s(?:thousand|million|billion|trillion|bn|m))?";

// Figures are found by pattern: they are easier to read exactly than a tagger reads them.
const PATTERNS: [EntityType, RegExp][] = [
  [
    "money",
    new RegExp(
      `(?:US)?[$€£¥]\\s?\\d[\\d,.]*${SCALE}|\\b\\d[\\d,.]*${SCALE}\\s(?:dollars|euros|pounds|yen|yuan|rupees)\\b|\\bUSD\\s?\\d[\\d,.]*${SCALE}`,
      "g",
    ),
  ],
  ["percent", /\b\d[\d,.]*\s?(?:%|percent\b|per cent\b|percentage points?\b)/g],
  [
    "duration",
    new RegExp(
      `\\b(?:\\d[\\d,.]*|${NUMBER_WORDS}|a few|several|a|an)(?:-|\\s)(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\\b`,
      "gi",
    ),
  ],
  ["date", new RegExp(`\\b(?:${DATE_FORMS.join("|")})\\b`, "g")],
  // A closed class: "what colour" is answered by a colour word, which no tagger reads as a name.
  [
    "colour",
    new RegExp(
      `\\b(?:(?:light|dark|bright|pale|deep)\\s)?(?:${alternation(`red|orange|yellow|green|blue|purple|violet|pink|brown|black|white|grey|gray
        |gold|golden|silver|beige|turquoise|navy|maroon|crimson|scarlet|teal|lilac|lavender|magenta|burgundy`)})\\b`,
      "gi",
    ),
  ],
  ["number", new RegExp(`\\b\\d[\\d,.]*(?:\\s(?:thousand|million|billion|trillion))?\\b|\\b(?:${NUMBER_WORDS})\\b`, "gi")],
  // A title in quotes, or a nickname: “Ne Zha 2”, "Make Greenland Great Again".
  ["title", /[“"‘]([\p{Lu}\p{N}][^”"’“‘\n]{1,79})[”"’]/gu],
  // Runs of capitalised words, which the tagger sometimes cuts short ("Blue Harbor Foods"); a run
  // ends with a sentence ("… on Sunday. Okafor won"), not at an abbreviation ("U.S. Steel", "Jr.");
  // a number after "No." is part of the name ("Red No. 3").
  [
    "name",
    /\b\p{Lu}[\p{L}\p{N}'’.&-]*(?:(?<!\p{Ll}\p{Ll}\.)\s+(?:(?:of|the|and|&|de|la|van|von|al|bin|for)\s+)*\p{Lu}[\p{L}\p{N}'’.&-]*|(?<=\bNo\.)\s\d+\b)*/gu,
  ],
];

// A capitalised run that starts a sentence (or a question) may start with a word capitalised only for that.
const SENTENCE_OPENERS = new Set(
  `The A An In On At As After Before When While This That These Those It Its His Her Their Our We They He She But
    And Or So Yet For From By With Without During Since Under Over Meanwhile However Still Also Then Now Last Next
    Earlier Later Would Could Should Can Does Did Is Are Was Were Has Have Had What Who Why How Where Which
    If Here There Some Many Most All Every Each`.split(/\s+/),
);

// What compromise's tagger finds, and the type each match counts as.
type Matches = { json(options: object): unknown };
const TAGGED: [EntityType, (doc: ReturnType<typeof nlp>) => Matches][] = [
  ["person", (d) => d.people()],
  ["place", (d) => d.places()],
  ["organisation", (d) => d.organizations()],
  ["name", (d) => d.match("#ProperNoun+")],
  ["noun", (d) => d.match("#Noun+")],
];

const TRAILING = /(?:['’]s)?[\s,.;:!?)\]”"’']*$/;
const ABBREVIATION_END = /(?:\b\p{L}\.\p{L}|\b(?:Jr|Sr|Inc|Corp|Co|Ltd|St))$/u;
// What follows a name's 's when the 's is the name's own: the end of a clause, or a verb.
const OWNS_NOTHING = new RegExp(
  `^(?:\\s*(?:[,.;:!?)]|$)|\\s+(?:${alternation(`said|says|announced|announces|has|had|is|was|will|would|plans|planned|reported|added|also
    |confirmed|told|agreed|cut|raised|recalled|launched|unveiled`)})\\b)`,
);
const LEADING = /^[\s(["“‘']+/;

// A dateline ("NEW YORK (AP) — ", "WASHINGTON - ") is not part of the name after it.
const DATELINE = /^.*\s[-–—]\s+/;

// A tagged span across a colon or a quotation mark ("Sky News: “Prigozhin") runs two things together.
const SEPARATORS = /[:;“”"()[\]]+/g;
// A noun phrase across a comma ("this week, Juneteenth") is two, and so is a list of names
// ("Ann Lee, Bo Ray, Cy Doe"); a name keeps one comma ("Louisville, Kentucky").
const LIST_SEPARATORS = /[:;,“”"()[\]]+/g;

/** A span cut at separators into the spans on either side, each trimmed. */
function pieces(type: EntityType, sentence: string, start: number, end: number): Entity[] {
  if (type === "title") return [trimmed(type, sentence, start, end)].filter((e): e is Entity => !!e);
  const out: Entity[] = [];
  let from = start;
  const span = sentence.slice(start, end);
  const list = type === "noun" || (span.replace(/[\s,]+$/, "").match(/,/g)?.length ?? 0) >= 2;
  for (const m of span.matchAll(list ? LIST_SEPARATORS : SEPARATORS)) {
    const e = trimmed(type, sentence, from, start + m.index);
    if (e) out.push(e);
    from = start + m.index + m[0].length;
  }
  const last = trimmed(type, sentence, from, end);
  if (last) out.push(last);
  return out;
}

/** A span trimmed of punctuation at either end (and of a dateline), with its offsets moved to match. */
function trimmed(type: EntityType, sentence: string, start: number, end: number): Entity | undefined {
  const whole = sentence.slice(start, end);
  const dateline = DATELINE.exec(whole)?.[0].length ?? 0;
  start += dateline;
  const raw = whole.slice(dateline);
  const lead = raw.length - raw.replace(LEADING, "").length;
  let text = raw.slice(lead).replace(TRAILING, "");
  // An abbreviation keeps its full stop ("U.S.", "Jr.").
  if (ABBREVIATION_END.test(text) && raw.slice(lead).startsWith(`${text}.`)) text += ".";
  if (!text) return undefined;
  // "Ben & Jerry's said …", "at McDonald's.": an 's that possesses nothing is part of the name.
  const after = start + lead + text.length;
  const possessive = /^['’]s/.exec(sentence.slice(after));
  if (possessive && OWNS_NOTHING.test(sentence.slice(after + possessive[0].length))) text += possessive[0];
  return { type, text, start: start + lead, end: start + lead + text.length };
}

/** True when `start` opens a sentence, a line, a quotation or what follows a colon, where a capital marks no name. */
const atSentenceStart = (text: string, start: number) => /(^|[.!?:"“”]\s*|\n\s*)$/.test(text.slice(0, start));

/** True when a "Will" at `start` opens a question ("Will Beyoncé win?"), which it does more often than it names Will Smith. */
const asksWill = (text: string, start: number) =>
  text.startsWith("Will ", start) && atSentenceStart(text, start) && /^[^.!?]*\?/.test(text.slice(start));

/** Sentences' entities: the same passages answer many questions, and the tagger is the slow part. */
const CACHE_SIZE = 20_000;
const cache = new LRUCache<string, Entity[]>({ max: CACHE_SIZE });

/**
 * The entities of one sentence: figures by pattern, names, places and organisations by
 * compromise's tagger, and noun phrases. Cached, as the same passages answer many questions.
 */
export function findEntities(sentence: string): Entity[] {
  const hit = cache.get(sentence);
  if (hit) return hit;
  const out: Entity[] = [];
  for (const [type, pattern] of PATTERNS) {
    for (const m of sentence.matchAll(pattern)) {
      let inner = type === "title" ? (m[1] ?? m[0]) : m[0];
      let start = m.index + (type === "title" ? m[0].indexOf(inner) : 0);
      if (type === "name") {
        const first = /^\S+\s+/.exec(inner);
        // Inside a sentence, a capital "The" is the name's own ("at The New York Times").
        const ownThe = first?.[0].trim() === "The" && /\p{Ll}[,;]?\s+$/u.test(sentence.slice(0, start));
        if (first && (SENTENCE_OPENERS.has(first[0].trim()) || asksWill(sentence, start)) && !ownThe) {
          start += first[0].length;
          inner = inner.slice(first[0].length);
        }
        // One capitalised word counts only inside a sentence, where the capital marks a name.
        if (!/\s/.test(inner) && (SENTENCE_OPENERS.has(inner) || atSentenceStart(sentence, start))) continue;
      }
      out.push(...pieces(type, sentence, start, start + inner.length));
    }
  }
  const doc = nlp(sentence);
  // "Russian", "Canadian": adjectives of nationality, capitalised but naming no one.
  const demonyms = new Set((doc.match("#Demonym").json({ offset: true }) as { offset: { start: number } }[]).map((m) => m.offset.start));
  for (const [type, select] of TAGGED) {
    for (const m of select(doc).json({ offset: true, terms: false }) as { offset: { start: number; length: number } }[]) {
      const skip = asksWill(sentence, m.offset.start) ? "Will ".length : 0;
      out.push(...pieces(type, sentence, m.offset.start + skip, m.offset.start + m.offset.length));
    }
  }
  for (let i = out.length - 1; i >= 0; i--) {
    const one = !/\s/.test(out[i]!.text);
    if (out[i]!.type === "name" && one && demonyms.has(out[i]!.start)) out.splice(i, 1);
    // "An" after "Correction:" is capitalised for the colon, never a name on its own.
    else if (
      one &&
      (out[i]!.type === "name" || out[i]!.type === "person" || out[i]!.type === "organisation") &&
      SENTENCE_OPENERS.has(out[i]!.text)
    )
      out.splice(i, 1);
  }
  cache.set(sentence, out);
  return out;
}

// Which entity types can answer which question types, best first.
const ACCEPTS: Partial<Record<AnswerType, EntityType[]>> = {
  person: ["person", "name"],
  // "Where…" is often answered by a description ("near pier seven"), not a name.
  place: ["place", "name", "noun"],
  organisation: ["organisation", "name"],
  title: ["title", "name"],
  date: ["date"],
  number: ["number", "money", "percent"],
  money: ["money", "number"],
  percent: ["percent"],
  duration: ["duration"],
  colour: ["colour"],
  thing: ["title", "name", "noun"],
};

/** The entity types that can answer a question of `type`, best first; none for why/how/any questions. */
export const entityTypesFor = (type: AnswerType): EntityType[] => ACCEPTS[type] ?? [];

/**
 * The entities of a sentence that could answer a question of `type`: of an accepted type, and
 * not merely repeating the question (`inQuestion` tells whether a span's words are all asked about).
 */
export function answerCandidates(sentence: string, type: AnswerType, inQuestion: (text: string) => boolean): Entity[] {
  const accepted = entityTypesFor(type);
  if (!accepted.length) return [];
  return findEntities(sentence)
    .filter((e) => accepted.includes(e.type) && !inQuestion(e.text))
    .sort((a, b) => accepted.indexOf(a.type) - accepted.indexOf(b.type));
}

// The kinds of name a question's head noun (stemmed) can ask for, by compromise's lexicon tags.
type PlaceKind = "Country" | "Region" | "City";
const KIND_OF_HEAD = new Map<string, PlaceKind>([
  ["countri", "Country"],
  ["nation", "Country"],
  ["state", "Region"],
  ["provinc", "Region"],
  ["territori", "Region"],
  ["citi", "City"],
  ["capit", "City"],
  ["town", "City"],
]);
// The kinds that rule a name out. A state and a city share names ("New York", "Washington"),
// so only a country is wrong for a city or a state, and only a city or state for a country.
const WRONG_KINDS: Record<PlaceKind, PlaceKind[]> = { Country: ["Region", "City"], Region: ["Country"], City: ["Country"] };
// Countries the lexicon knows only as acronyms or not at all.
const MORE_COUNTRIES = new Set(["us", "u.s.", "u.s", "usa", "america", "uk", "u.k.", "britain", "great britain", "uae", "drc"]);
/** The kind of place a name is, "none" when it is none (the lexicon is slow to ask). */
const kindCache = new LRUCache<string, PlaceKind | "none">({ max: CACHE_SIZE });

/** The kind of place a name is by the tagger's lexicon ("Spain": Country, "Illinois": Region), if any. */
function placeKindOf(text: string): PlaceKind | undefined {
  const name = text.replace(/^the\s+/i, "");
  const known = kindCache.get(name);
  if (known !== undefined) return known === "none" ? undefined : known;
  const terms = (nlp(name).json({ terms: { tags: true } }) as { terms: { tags: string[] }[] }[]).flatMap((s) => s.terms);
  const all = (tag: PlaceKind) => terms.length > 0 && terms.every((t) => t.tags.includes(tag));
  let kind: PlaceKind | undefined;
  if (MORE_COUNTRIES.has(name.toLowerCase())) kind = "Country";
  // "Kansas City", "Mexico City": the lexicon tags the first word as a state or a country.
  else if (/\sCity$/.test(name)) kind = "City";
  else kind = (["Country", "Region", "City"] as const).find(all);
  kindCache.set(name, kind ?? "none");
  return kind;
}

/** True when a question's head noun asks for a kind of place ("which city"), which only a name can be. */
export const asksForPlaceKind = (head: string | undefined) => head !== undefined && KIND_OF_HEAD.has(head);

/**
 * Whether a name is of the kind of place a question's head noun asks for, by the tagger's
 * lexicon: 1 for "Spain" and "which country", "Illinois" and "which state", "Tokyo" and "which
 * city"; -1 for a place of a kind that cannot be it ("Mali" for "which city"); 0 for a name the
 * lexicon does not place. Undefined when the head names no kind of place (not teams either: the
 * lexicon knows too few of them).
 */
export function kindMatch(text: string, head: string | undefined): 1 | 0 | -1 | undefined {
  const asked = head ? KIND_OF_HEAD.get(head) : undefined;
  if (!asked) return undefined;
  const kind = placeKindOf(text);
  return kind === asked ? 1 : kind && WRONG_KINDS[asked].includes(kind) ? -1 : 0;
}
