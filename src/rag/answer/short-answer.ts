import { alternation } from "../alternation.js";
import { termsOf, type TermStats } from "../store/term-stats.js";
import { related, type Candidate, type WeightedTerm } from "./candidates.js";
import { asksForPlaceKind, entityTypesFor, findEntities, kindMatch, type Entity } from "./entities.js";
import type { ParsedQuestion } from "./question.js";
import { fittedWeights } from "./weights.js";

/** What an answer entity is judged by: its best sentence, where in it, and how often the passages name it. */
const ENTITY_FEATURES = [
  // The score of the best sentence that names it.
  "sentence",
  // How close that mention is to the words of the question, 1 (touching) towards 0.
  "proximity",
  // log(1 + mentions) across the retrieved passages: the answer tends to be repeated.
  "mentions",
  // log(1 + articles naming it).
  "articles",
  // 1 when it is of the type the question wants most ("organisation" for "which company"), 0 for a fallback.
  "preferred",
  // How specific its words are (mean idf over the corpus, scaled to about 0..1).
  "specificity",
  // Share of the articles naming it whose title names it too: headlines name what the story is about.
  "inTitle",
  // 1 when its best sentence opens its article (the lede answers the who, what and where).
  "lede",
  // 1 when it stands within a few words of the question's head noun ("the island of Santorini").
  "besideHead",
  // Share of the question's weight found within 80 characters of the mention, in its best sentence.
  "window",
  // log(1 + the summed scores of every sentence naming it): support pooled across the passages.
  "mass",
  // 1 when a figure is followed by a word of the question ("50,000 fighters" for "how many fighters").
  "unit",
  // 1 when the name is of the kind of place the question's head noun asks for ("Spain" for "which country"), -1 when it cannot be ("Mali" for "which city").
  "kind",
] as const;

type EntityFeatures = Record<(typeof ENTITY_FEATURES)[number], number>;

/**
 * Weights of an entity's score (weights.json, fitted by scripts/fit-answerer.ts on the news dev
 * questions: a conditional logit over each question's candidates, the one holding a gold answer
 * to score highest). "mentions" is negative beside "mass": repetition counts through the support
 * of the sentences that repeat a name, not through the bare count.
 */
const ENTITY_WEIGHTS = fittedWeights("entity", ENTITY_FEATURES);

/** A candidate answer: one entity, named in one or more sentences. */
export interface AnswerEntity {
  text: string;
  /** The best sentence naming it, which an answer leads with, and the mention there. */
  lead: Candidate;
  mention: Entity;
  /** The entity's full name where the lead names it in part ("Alcaraz"), and a sentence that gives it ("Carlos Alcaraz"). */
  fullName?: { text: string; lead: Candidate };
  /** For a surname not pooled with one full name, the best-ranked candidate whose full name ends in it. */
  otherFullName?: { text: string; lead: Candidate };
  /** True when the name carries its 's wherever it is named ("McDonald's", "Alzheimer's"). */
  ownS: boolean;
  features: EntityFeatures;
  score: number;
}

const PRONOUNS = new RegExp(
  `^(${alternation(`he|she|it|they|them|we|us|you|i|his|her|its|their|this|that|these|those|who|which|what|one|some|many|all
    |both|people|officials?|thing|things|way|time|year|years|day|days`)})$`,
  "i",
);

/** A mention's key: lower case, without a leading article. */
const keyOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/^(the|a|an)\s+/, "")
    .replace(/\s+/g, " ")
    .trim();

/** "U.S." as "US": initials read as one word, so a sentence's "U.S." is the question's "US". */
const joinInitials = (text: string) => text.replace(/\b(\p{L})\.(?=\p{L}\b)/gu, "$1").replace(/\b(\p{Lu}{2,})\.(?=\s|$)/gu, "$1");

/** The terms a question asks about, its initials joined ("US" for "U.S."). */
const askedTerms = (question: ParsedQuestion) => [...question.terms, ...termsOf(joinInitials(question.text))];

// features:begin entity
/** True when every content word of `text` is one of the terms the question asks about. */
function questionCovers(asked: string[], text: string): boolean {
  const terms = termsOf(joinInitials(text));
  return terms.length > 0 && terms.every((t) => asked.some((q) => q === t || related(q, t)));
}

/** Character distance from a mention to the nearest word of the question in its sentence. */
function gapToQuestion(c: Candidate, e: Entity, weighed: WeightedTerm[]): number {
  let best = Infinity;
  for (const m of c.text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const t = termsOf(m[0])[0];
    if (!t || !weighed.some((w) => w.forms.includes(t) || related(t, w.term))) continue;
    const at = m.index;
    const gap = at < e.start ? e.start - at : at > e.end ? at - e.end : 0;
    if (gap < best) best = gap;
  }
  return best === Infinity ? c.text.length : best;
}

// For a question wanting one kind, the kinds a fallback name must not be tagged as.
const OTHER_KINDS = new Map<string, Entity["type"][]>([
  ["place", ["person", "organisation"]],
  ["person", ["place", "organisation"]],
  ["organisation", ["person", "place"]],
]);

/** True when the passage's tagger found the same span as one of `kinds`. */
function typedAs(passage: string, span: Entity, kinds: Entity["type"][]): boolean {
  return findEntities(passage).some((e) => kinds.includes(e.type) && e.start <= span.start && e.end >= span.end);
}

/** A quoted span in title case ("The Picture of Dorian Gray"), not quoted speech: every word of four letters or more capitalised. */
const titleCased = (text: string) => {
  const long = text.match(/[\p{L}'’]{4,}/gu) ?? [];
  return long.length > 0 && long.every((w) => /^\p{Lu}/u.test(w));
};

const FIGURES = new Set<Entity["type"]>(["number", "money", "percent", "duration"]);

// A name ending in one of these words names an award, a law or a place, whatever first name it
// starts with ("Tony Award", "Laken Riley Act", "Kennedy Center"): no answer to "who…".
const NOT_A_PERSON = new RegExp(
  `\\s(?:${alternation(`awards?|prizes?|trophy|medal|cup|games|festival|act|street|avenue|road|center|centre|university|college
    |school|hospital|foundation|institute|museum|stadium|arena|library|airport|station`)})$`,
  "i",
);

const TIME_WORD = new RegExp(
  `^(${alternation(`january|february|march|april|may|june|july|august|september|october|november|december
    |monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow`)})$`,
  "i",
);

/** True when a mention, by its words or what precedes it in its sentence, cannot be the kind of answer asked for. */
function cannotAnswer(question: ParsedQuestion, sentence: string, e: Entity): boolean {
  // "How many …" is not answered by a year; "what year …" by nothing else.
  if (e.type === "number" && /^(1[89]|20)\d\d$/.test(e.text)) return true;
  if (question.head === "year" && !/\b(1[89]|20)\d\d\b/.test(e.text)) return true;
  if (question.answerType === "person" && NOT_A_PERSON.test(e.text)) return true;
  // "Which city…" is answered by a name ("Braga", "the city of Braga"), never by "civilians".
  if (asksForPlaceKind(question.head) && !/\p{Lu}/u.test(e.text)) return true;
  // "March", "Saturday": a time, never who or where ("Who is the fire chief?" is not answered "Saturday").
  if (["person", "place", "organisation"].includes(question.answerType) && TIME_WORD.test(e.text)) return true;
  // "… according to Kirby": a source, not a place.
  return question.answerType === "place" && /\baccording to\s+$/i.test(sentence.slice(0, e.start));
}

/** True when one of the two words after a mention is a word of the question. */
function followedByQuestionWord(sentence: string, e: Entity, weighed: WeightedTerm[]): boolean {
  const next = termsOf(
    sentence
      .slice(e.end, e.end + 25)
      .split(/\s+/)
      .slice(0, 3)
      .join(" "),
  );
  return next.some((t) => weighed.some((w) => w.forms.includes(t) || related(t, w.term)));
}

/** A sentence starting this early in its article is part of the lede (a feature's definition; hand-set, never fitted). */
const LEDE_CHARS = 300;

/** True when the stemmed `head` noun occurs within 30 characters of the mention. */
function besideHead(sentence: string, e: Entity, head: string): boolean {
  const around = `${sentence.slice(Math.max(0, e.start - 30), e.start)} ${sentence.slice(e.end, e.end + 30)}`;
  return termsOf(around).includes(head);
}

/** Share of the question's idf weight within 80 characters of a mention. */
function windowCoverage(sentence: string, e: Entity, weighed: WeightedTerm[]): number {
  const near = new Set(termsOf(`${sentence.slice(Math.max(0, e.start - 80), e.start)} ${sentence.slice(e.end, e.end + 80)}`));
  let total = 0;
  let hit = 0;
  for (const t of weighed) {
    total += t.weight;
    if (t.forms.some((f) => near.has(f)) || [...near].some((n) => related(n, t.term))) hit += t.weight;
  }
  return total ? hit / total : 0;
}

// A full name: two or three capitalised words ("LeBron James", "Mary Ann Lee"), no list or title.
const PERSON_NAME = /^\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’.-]*){1,2}$/u;
const ENDS_IN_S = /['’]s$/;
const OPENS_WITH_S = /^['’]s\b/;

/**
 * True when an 's belongs to the name ("Ben & Jerry's board", "at McDonald's"): every mention
 * carries it, and either one mention's 's possesses nothing or it is named twice so. Not a
 * person's or a place's: they are named in the possessive all the time ("Venice's mayor …
 * Venice's hotels").
 */
function carriesS(mentions: { c: Candidate; e: Entity }[], type: Entity["type"]): boolean {
  if (type === "person" || type === "place") return false;
  const withS = (m: { c: Candidate; e: Entity }) => ENDS_IN_S.test(m.e.text) || OPENS_WITH_S.test(m.c.text.slice(m.e.end));
  if (!mentions.every(withS)) return false;
  return mentions.some((m) => ENDS_IN_S.test(m.e.text)) || mentions.length >= 2;
}

const entityScore = (f: EntityFeatures) => ENTITY_FEATURES.reduce((s, k) => s + ENTITY_WEIGHTS[k] * f[k], 0);

/**
 * The entities of the retrieved sentences that could answer a question asking for a kind of
 * fact, best first. Each sentence's entities are those of its passage (read once per passage and
 * cached) of an accepted type, not merely repeating the question; mentions of the same entity
 * are pooled, and a surname counts for the full name.
 */
export function rankAnswerEntities(
  question: ParsedQuestion,
  candidates: Candidate[],
  weighed: WeightedTerm[],
  stats: TermStats,
): AnswerEntity[] {
  const accepted = entityTypesFor(question.answerType);
  if (!accepted.length) return [];
  type Pool = { mentions: { c: Candidate; e: Entity }[]; articles: Set<string>; titles: Set<string>; type: Entity["type"] };
  const pools = new Map<string, Pool>();
  // A capitalised name the tagger reads as another kind ("Donald Trump" for "in which area…") is no fallback.
  const others = OTHER_KINDS.get(question.answerType);
  const asked = askedTerms(question);
  const titlesOf = new Map<string, Entity[]>();
  for (const c of candidates) {
    const answers: Entity[] = [];
    const counted = new Set<string>();
    const inPassage = findEntities(c.passage.text);
    const titles = titlesOf.get(c.passage.id) ?? inPassage.filter((e) => e.type === "title" && titleCased(e.text));
    titlesOf.set(c.passage.id, titles);
    for (const found of inPassage) {
      if (found.start < c.spanStart || found.end > c.spanEnd || !accepted.includes(found.type)) continue;
      // "The Picture of Dorian Gray" names a work, not a person, whatever the tagger reads in it
      // (`others` is set exactly when a person, place or organisation is asked for).
      if (others && found.type !== "title" && titles.some((t) => t.start <= found.start && t.end >= found.end)) continue;
      // Quoted speech ("“The better the study is, the larger the effect”") is no title: a title is title-cased.
      if (found.type === "title" && !titleCased(found.text)) continue;
      const e = { ...found, start: found.start - c.spanStart, end: found.end - c.spanStart };
      if (PRONOUNS.test(e.text) || !/\p{L}|\d/u.test(e.text) || questionCovers(asked, e.text)) continue;
      if (cannotAnswer(question, c.text, e)) continue;
      if (others && e.type === "name" && typedAs(c.passage.text, found, others)) continue;
      answers.push(e);
      const key = keyOf(e.text);
      const pool = pools.get(key) ?? { mentions: [], articles: new Set<string>(), titles: new Set<string>(), type: e.type };
      if (c.article.title.toLowerCase().includes(key)) pool.titles.add(c.article.id);
      // The tagger and the patterns may find the same words as a name, a place and a noun: one mention.
      if (!counted.has(`${key}@${e.start}`)) pool.mentions.push({ c, e });
      counted.add(`${key}@${e.start}`);
      pool.articles.add(c.article.id);
      if (accepted.indexOf(e.type) < accepted.indexOf(pool.type)) pool.type = e.type;
      pools.set(key, pool);
    }
    c.answers = answers;
  }
  // "Dončić" in one sentence and "Luka Dončić" in another are one person (when no other full name ends so).
  for (const [key, pool] of [...pools]) {
    if (key.includes(" ")) continue;
    // For "which country", "Oman" is not merged into "Salalah, Oman": the place and its country are two answers.
    const ofKind = kindMatch(key, question.head) === 1;
    const longer = [...pools.keys()].filter((other) => other.endsWith(` ${key}`) && !(ofKind && other.includes(",")));
    if (longer.length !== 1) continue;
    const other = pools.get(longer[0]!)!;
    other.mentions.push(...pool.mentions);
    for (const a of pool.articles) other.articles.add(a);
    for (const a of pool.titles) other.titles.add(a);
    pools.delete(key);
  }
  const out: AnswerEntity[] = [];
  for (const pool of pools.values()) {
    // The best sentence naming it leads (by its surname, perhaps); ties go to the longer name.
    const best = pool.mentions.reduce((a, b) =>
      b.c.score > a.c.score || (b.c.score === a.c.score && b.e.text.length > a.e.text.length) ? b : a,
    );
    const terms = termsOf(best.e.text);
    const idf = terms.length ? terms.reduce((s, t) => s + (stats.has(t) ? stats.idf(t) : 0), 0) / terms.length : 0;
    const features: EntityFeatures = {
      sentence: best.c.score,
      proximity: 1 / (1 + gapToQuestion(best.c, best.e, weighed) / 30),
      mentions: Math.log1p(pool.mentions.length),
      articles: Math.log1p(pool.articles.size),
      preferred: pool.type === accepted[0] ? 1 : 0,
      specificity: Math.min(1, idf / 10),
      inTitle: pool.titles.size / pool.articles.size,
      lede: best.c.start < LEDE_CHARS ? 1 : 0,
      besideHead: question.head && besideHead(best.c.text, best.e, question.head) ? 1 : 0,
      window: windowCoverage(best.c.text, best.e, weighed),
      mass: Math.log1p(pool.mentions.reduce((s, m) => s + Math.max(0, m.c.score), 0)),
      unit: FIGURES.has(best.e.type) && followedByQuestionWord(best.c.text, best.e, weighed) ? 1 : 0,
      kind: kindMatch(best.e.text, question.head) ?? 0,
    };
    // A surname pooled with its full name: the answer gives the full name, from a sentence that names it.
    const full = pool.mentions.reduce((a, b) => (b.e.text.length > a.e.text.length ? b : a));
    const fullName = full.e.text.endsWith(` ${best.e.text}`) ? { text: full.e.text, lead: full.c } : undefined;
    out.push({
      text: best.e.text,
      lead: best.c,
      mention: best.e,
      fullName,
      ownS: carriesS(pool.mentions, pool.type),
      features,
      score: entityScore(features),
    });
  }
  out.sort((a, b) => b.score - a.score || b.text.length - a.text.length);
  // A surname the pooling above could not place ("James" beside "LeBron James" and "Kevin James"):
  // the short answer names the best-ranked of those full names (shortText).
  const first = out[0];
  if (question.answerType === "person" && first && !first.fullName && !/\s/.test(first.text)) {
    const full = out.find((e) => e !== first && e.text.endsWith(` ${first.text}`) && PERSON_NAME.test(e.text));
    if (full) first.otherFullName = { text: full.text, lead: full.lead };
  }
  return out;
}

// features:end

/** The first candidate's share of the candidates' likelihood: a softmax of their scores (best first). */
export function leadShare(entities: AnswerEntity[]): number {
  const first = entities[0];
  if (!first) return 0;
  return 1 / entities.reduce((sum, e) => sum + Math.exp(e.score - first.score), 0);
}

/**
 * The short answer, verbatim from a sentence: the whole name where the tagger cut it short
 * ("Harbor Foods" in "Blue Harbor Foods"), a figure with the question's unit after it ("30 days"
 * for "how many days"), the full name where the lead gives a surname, and a name's own 's
 * ("McDonald's").
 */
export function shortAnswerOf(entity: AnswerEntity): { text: string; from: Candidate } {
  const short = shortText(entity);
  if (!entity.ownS || ENDS_IN_S.test(short.text)) return short;
  // The name's own 's, as the sentence writes it ("the Ben & Jerry's board" gives "Ben & Jerry's").
  const at = short.from.text.indexOf(short.text);
  const s = at < 0 ? undefined : OPENS_WITH_S.exec(short.from.text.slice(at + short.text.length));
  return s ? { text: short.text + s[0], from: short.from } : short;
}

/** The short answer before a name's own 's is restored. */
function shortText(entity: AnswerEntity): { text: string; from: Candidate } {
  if (entity.fullName) return { text: entity.fullName.text, from: entity.fullName.lead };
  const { lead, mention } = entity;
  if (FIGURES.has(mention.type) && entity.features.unit) {
    // One word, or two when the first qualifies a plural noun ("1,000 charge cycles", "5 gold medals").
    const unit = /^\s+(?:[\p{Ll}-]*[^s\s]\s+[\p{Ll}-]+s\b(?![\p{L}'’-])|[\p{L}-]+)/u.exec(lead.text.slice(mention.end));
    if (unit) return { text: lead.text.slice(mention.start, mention.end + unit[0].length), from: lead };
  }
  // "46" of "46 percent": a figure keeps the unit that says what it counts.
  const percent = FIGURES.has(mention.type) && /^(\s*%|\s+per ?cent\b)/i.exec(lead.text.slice(mention.end));
  if (percent) return { text: lead.text.slice(mention.start, mention.end + percent[0].length), from: lead };
  const whole = wholeName(entity, entity.features.kind === 1);
  // A bare surname its own sentence does not widen ("James …") is given the full name a cited sentence has.
  if (whole === mention.text && entity.otherFullName) return { text: entity.otherFullName.text, from: entity.otherFullName.lead };
  return { text: whole, from: lead };
}

/** The whole name where the tagger cut it short ("Harbor Foods" in "Blue Harbor Foods"), as written in the sentence. */
function wholeName(entity: AnswerEntity, ofKind: boolean): string {
  const { lead, mention } = entity;
  const whole = findEntities(lead.text)
    // A country asked for is not widened to "Salalah, Oman" (a "where" question may be answered so).
    .filter(
      (e) =>
        e.start <= mention.start && e.end >= mention.end && (e.type === "name" || e.type === mention.type) && !(ofKind && /,/.test(e.text)),
    )
    .sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  return whole?.text ?? mention.text;
}
