import { stemmer } from "stemmer";

/** How text becomes terms, the same for BM25, question analysis and corpus statistics. */

// Lucene's English stop words, as Anserini's BM25 baselines use.
const STOP_WORDS = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(
    " ",
  ),
);

/**
 * Stems already worked out. Words repeat (a corpus of 300,000 words has a few thousand distinct
 * ones), and Porter's rules cost about a microsecond a word: looking the stem up is ten times
 * faster, and a reindex's BM25 build held the event loop (other servers' answers) that much less.
 * Bounded: past the limit the table starts again (an English vocabulary rarely reaches it).
 */
const stems = new Map<string, string>();
const MAX_STEMS = 100_000;

/** Lower-cases, drops stop words and Porter-stems, as Anserini's BM25 does. */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower)) return null;
  let stem = stems.get(lower);
  if (stem === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stem = stemmer(lower);
    stems.set(lower, stem);
  }
  return stem;
}

/** Splits on anything that is not a letter or digit. */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The terms BM25 indexes and searches for. */
export function analyse(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) {
    const term = processTerm(word);
    if (term) out.push(term);
  }
  return out;
}
