import { tokenize } from "../store/lexical.js";
import { termsOf } from "../store/term-stats.js";

/** What kind of fact a question asks for, so an answer sentence can be checked for it. */
export type AnswerType = "number" | "time" | "person" | "any";

/** A question about an article's own metadata rather than its content. */
export type MetadataField = "author" | "date" | "source" | "url";

export interface ParsedQuestion {
  text: string;
  /** Stemmed content terms (stop words and question words removed), unique. */
  terms: string[];
  /** Capitalised words inside the question (not its first word): names the articles must know. */
  entities: string[];
  answerType: AnswerType;
  metadata?: MetadataField;
  /** "the articles", "each article": a metadata question about every article. */
  aboutAllArticles: boolean;
}

// Words that shape a question without saying what it is about.
const QUESTION_WORDS = new Set(
  (
    "what which who whom whose when where why how does do did is are was were has have had can could " +
    "would should will shall may might must about tell me please say said says according article articles " +
    "source sources report reports know any many much"
  ).split(" "),
);

const METADATA: [MetadataField, RegExp][] = [
  ["author", /\b(who (wrote|authored|penned)|author(s|ed)? of|written by|the author|byline|who is the (writer|reporter|journalist))\b/i],
  ["date", /\b(when was\b.*\b(published|written|posted|released)|publication date|date of publication|what date\b.*\bpublished|published when|how old is (the|this) article)\b/i],
  ["source", /\b(which|what) (outlet|publication|publisher|site|website|newspaper|magazine|news (site|outlet|organi[sz]ation))\b|\bwho published\b|\bpublished (by|in|on) (which|what)\b/i],
  ["url", /\b(link|url|web address)\b.*\barticle\b|\barticle'?s? (link|url)\b/i],
];

function answerTypeOf(q: string): AnswerType {
  if (/\b(how (many|much|long|old|far|big|large)|what (percentage|number|amount|figure|sum|size)|how often)\b/i.test(q)) return "number";
  if (/\b(when|what (year|month|day|date|time))\b/i.test(q)) return "time";
  if (/^\s*(who|whom|whose)\b|\bwho (is|was|are|were)\b/i.test(q)) return "person";
  return "any";
}

/** Analyses a question: its content terms, the names it mentions, and what kind of answer it wants. */
export function parseQuestion(text: string): ParsedQuestion {
  const words = tokenize(text);
  const terms = [
    ...new Set(
      words
        .filter((w) => !QUESTION_WORDS.has(w.toLowerCase()))
        .flatMap((w) => termsOf(w))
        .filter((t) => t.length > 1),
    ),
  ];
  const entities = [
    ...new Set(
      words.slice(1).filter((w) => /^\p{Lu}/u.test(w) && !QUESTION_WORDS.has(w.toLowerCase()) && w.length > 1 && w !== "I"),
    ),
  ];
  // "Who published the article written by X?" asks for the outlet: the earliest match is the question.
  const metadata = METADATA.map(([field, pattern]) => ({ field, at: text.search(pattern) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at)[0]?.field;
  return {
    text,
    terms,
    entities,
    answerType: answerTypeOf(text),
    metadata,
    aboutAllArticles: /\b(the|these|those|all|each|both|every) (articles|sources|stories|pieces)\b|\beach article\b/i.test(text),
  };
}

const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december";

/** Whether a sentence holds the kind of fact the question asks for. */
export function hasAnswerType(sentence: string, type: AnswerType): boolean {
  switch (type) {
    case "number":
      return /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozens?|several)\b/i.test(sentence);
    case "time":
      return new RegExp(`\\b(\\d{4}|${MONTHS}|yesterday|today|last (year|month|week)|this (year|month|week)|recently|ago|since|in the past)\\b`, "i").test(sentence);
    case "person":
      return /\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+/u.test(sentence);
    default:
      return true;
  }
}
