import { DENIAL_WORDS } from "../answer/denial.js";
import { termsOf } from "../store/term-stats.js";

/**
 * Whether a model's sentence says what the passages it cites say, checked without a model (so it
 * costs nothing and cannot itself be talked round): its figures, months, names and quoted phrases
 * must be in those passages, it must not deny what they assert (or assert what they deny), and
 * enough of its content words must be theirs. Each rule as data, with what it catches.
 */

// The answerer's denial words, and what a model writes when it calls a story untrue.
const DENIAL = new RegExp(`\\b(${DENIAL_WORDS}|invented|made up|hoax|never)\\b`, "i");
const MONTHS = /\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/g;
/** Words that open sentences or name nothing: a capital there is no name. */
const NOT_NAMES = new Set([
  "The",
  "A",
  "An",
  "In",
  "On",
  "At",
  "It",
  "He",
  "She",
  "They",
  "We",
  "I",
  "This",
  "That",
  "These",
  "Those",
  "But",
  "And",
  "According",
  "However",
  "Yes",
  "No",
  "So",
  "As",
  "If",
  "When",
  "While",
  "After",
  "Before",
]);

/** Share of the claim's content words the cited passages must hold. */
const MIN_SHARED_TERMS = 0.5;

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[“”"‘’']/g, "'")
    .replace(/\s+/g, " ");

/** "4,200" and "4200" are one figure; "3.5%" keeps its decimal point. */
const figuresOf = (text: string) => (text.match(/\d[\d,]*(?:\.\d+)?/g) ?? []).map((f) => f.replace(/,/g, "").replace(/\.$/, ""));

const namesOf = (text: string) =>
  [...text.matchAll(/(?<![.!?]\s|^)\b\p{Lu}[\p{L}’'-]+/gu)].map((m) => m[0].replace(/['’]s$/, "")).filter((w) => !NOT_NAMES.has(w));

const quotedOf = (text: string) => [...text.matchAll(/[“"]([^”"]{3,})[”"]/g)].map((m) => normalise(m[1]!.trim()));

/** Why `claim` is not supported by `cited` (the passages it cites, and the sentence of each that best matches it), or undefined when it is. */
export function whyUnsupported(claim: string, cited: { passages: string[]; quotes: string[] }): string | undefined {
  const all = cited.passages.join("\n");
  const figures = new Set(figuresOf(all));
  const missingFigure = figuresOf(claim).find((f) => !figures.has(f));
  if (missingFigure) return `the figure ${missingFigure} is not in the passages it cites`;
  const months = new Set(all.match(MONTHS) ?? []);
  const missingMonth = (claim.match(MONTHS) ?? []).find((m) => !months.has(m));
  if (missingMonth) return `${missingMonth} is not in the passages it cites`;
  const lower = normalise(all);
  const missingName = namesOf(claim).find((name) => !lower.includes(name.toLowerCase()));
  if (missingName) return `${missingName} is not in the passages it cites`;
  const missingQuote = quotedOf(claim).find((q) => !lower.includes(q));
  if (missingQuote) return `the quoted words "${missingQuote}" are not in the passages it cites`;
  const terms = [...new Set(termsOf(claim))];
  const held = new Set(termsOf(all));
  const shared = terms.filter((t) => held.has(t)).length;
  if (terms.length > 0 && shared / terms.length < MIN_SHARED_TERMS) {
    return `only ${shared} of its ${terms.length} content words are in the passages it cites`;
  }
  // Only once it is about what the passages are about: does it say what they say, or the opposite?
  if (!cited.quotes.some((quote) => DENIAL.test(claim) === DENIAL.test(quote))) {
    return DENIAL.test(claim) ? "it denies what the passage it cites asserts" : "it asserts what the passage it cites denies";
  }
  return undefined;
}
