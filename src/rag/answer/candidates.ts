import { ageInDays, recencyOf } from "../recency.js";
import { splitSentences } from "../sentences.js";
import { termsOf, type TermStats } from "../store/term-stats.js";
import type { ArticleMeta, SearchHit } from "../types.js";
import type { Abbreviations } from "./abbreviations.js";
import type { Entity } from "./entities.js";
import type { ParsedQuestion } from "./question.js";
import { fittedWeights } from "./weights.js";

/**
 * How a sentence's score is made (weights.json, fitted on the news dev questions by
 * scripts/fit-answerer.ts): its coverage of the question, its neighbours', the passage's rank and
 * how recent its article is, more or less so when the question asks about now. The fit also weighs
 * whether a sentence holds an entity of the kind asked for, so that the other weights are not bent
 * by it; that part is left to the candidates' ranking (short-answer.ts).
 */
const SCORE_WEIGHTS = fittedWeights("sentence", ["coverage", "context", "rank", "recency", "recencyCued"] as const);

/** How much recent articles are preferred in retrieval, for any question and for one that asks about now. Hand-set, never fitted. */
export const RECENCY = { plain: { weight: 1 }, cued: { weight: 2 } };

/** A sentence of a retrieved passage, scored by its wording against the question. */
export interface Candidate {
  article: ArticleMeta;
  /** Offsets in the article's text. */
  start: number;
  end: number;
  text: string;
  terms: Set<string>;
  /** Its terms and its neighbours'. */
  neighbourTerms: Set<string>;
  coverage: number;
  context: number;
  /** 0 for the best passage, up to 1 for the last. */
  rank: number;
  /** How recent its article is (recencyOf): 1 on the question's day, 0 for ten years or undated. */
  recency: number;
  /** The passage it comes from, and its offsets there (entities are read a passage at a time). */
  passage: { id: string; text: string };
  spanStart: number;
  spanEnd: number;
  /** Entities that could answer the question, when the sentence was read for them. */
  answers?: Entity[];
  score: number;
}

/** From this many passages, a corpus that never uses one of a question's nouns does not hold its answer. Hand-set, never fitted. */
const LARGE_CORPUS_PASSAGES = 1000;

/** A question term as the corpus knows it, and how much it tells (idf). */
export interface WeightedTerm {
  term: string;
  forms: string[];
  weight: number;
}

// "How did X respond?" asks for a reaction; a denial or a statement is one, whatever its verb.
const REACTION_TERMS = new Set(["respond", "respons", "react", "reaction", "repli", "answer"]);
const REACTION_FORMS = ["deni", "reject", "dismiss", "refut", "say", "state", "repli", "respond", "react", "condemn", "call"];

export const related = (a: string, b: string) => a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a));

/**
 * The question's terms the corpus knows, weighted by idf, and the share it does not know. A
 * misspelt word is read as its nearest corpus term ("Ukrane" as Ukraine). Terms the corpus
 * never uses carry no weight here; too many of them, or any unknown name or number, and the
 * question is not about these articles.
 */
export function weighQuestion(
  question: ParsedQuestion,
  stats: TermStats,
): { terms: WeightedTerm[]; unknownShare: number; unknownName: boolean } {
  const terms: WeightedTerm[] = [];
  let unknown = 0;
  for (const term of question.terms) {
    if (REACTION_TERMS.has(term)) {
      terms.push({ term, forms: REACTION_FORMS, weight: 1 + Math.max(...REACTION_FORMS.map((f) => (stats.has(f) ? stats.idf(f) : 0))) });
      continue;
    }
    const resolved = stats.resolve(term) ?? stats.correct(term);
    if (!resolved) {
      unknown++;
      continue;
    }
    // The floor of 1 keeps common words counting a little: in a small corpus idf alone lets one
    // rare word decide everything.
    terms.push({ term, forms: [...new Set([term, resolved])], weight: 1 + stats.idf(resolved) });
  }
  // A name or a number the corpus never uses: the question is about something it does not hold.
  // So are nouns it never uses, but a small corpus misses many words a question may paraphrase
  // with ("budget" for what it calls spending): there it takes two.
  // "US" is used by a corpus that writes "U.S." (indexed as its letters).
  const acronyms = new Set((question.text.match(/\b\p{Lu}{2,3}\b/gu) ?? []).map((a) => a.toLowerCase()));
  const asInitials = (t: string) => acronyms.has(t) && [...t].every((letter) => stats.has(letter));
  const neverUsed = (t: string) => !stats.resolve(t) && !stats.correct(t) && !asInitials(t);
  const unknownNouns = question.nouns.filter(neverUsed).length;
  const unknownName =
    [...question.entities, ...(question.text.match(/\b\d[\d,.]*\d\b|\b\d\b/g) ?? [])].some((e) => termsOf(e).some(neverUsed)) ||
    unknownNouns >= (stats.documents >= LARGE_CORPUS_PASSAGES ? 1 : 2) ||
    // "What is the population of X?": the attribute asked for is one the corpus never names.
    (question.attribute !== undefined && neverUsed(question.attribute));
  return { terms, unknownShare: question.terms.length ? unknown / question.terms.length : 1, unknownName };
}

// features:begin sentence
/** Share of the question's known weight that a set of terms covers. */
export function coverageOf(terms: WeightedTerm[], sentence: Set<string>): number {
  let total = 0;
  let hit = 0;
  for (const t of terms) {
    total += t.weight;
    if (t.forms.some((f) => sentence.has(f)) || [...sentence].some((s) => related(s, t.term))) hit += t.weight;
  }
  return total === 0 ? 0 : hit / total;
}

/** Every sentence of the retrieved passages, scored by its wording against the question. */
export function scoreSentences(
  question: WeightedTerm[],
  hits: SearchHit[],
  asOf: Date | undefined,
  recent: boolean,
  abbreviations?: Abbreviations,
): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const spans = splitSentences(hit.passage.text);
    // A sentence that says "EPA" says "Environmental Protection Agency" too, and the reverse.
    const termsAt = (s: { start: number; end: number }) => new Set(termsOf(hit.passage.text.slice(s.start, s.end)));
    const termSets = spans.map((s) => abbreviations?.augment(termsAt(s)) ?? termsAt(s));
    const age = asOf ? ageInDays(hit.article.date, asOf) : undefined;
    const recency = recencyOf(age);
    spans.forEach((span, i) => {
      const start = hit.passage.start + span.start;
      const key = `${hit.article.id}:${start}`;
      if (seen.has(key)) return;
      seen.add(key);
      const terms = termSets[i]!;
      const own = coverageOf(question, terms);
      // Neighbours help a sentence that answers with a pronoun ("He said …") but never carry it alone.
      const neighbourTerms = new Set([...terms, ...(termSets[i - 1] ?? []), ...(termSets[i + 1] ?? [])]);
      const context = coverageOf(question, neighbourTerms);
      const rankShare = rank / Math.max(hits.length, 1);
      out.push({
        article: hit.article,
        start,
        end: hit.passage.start + span.end,
        text: hit.passage.text.slice(span.start, span.end),
        terms,
        neighbourTerms,
        coverage: own,
        context,
        rank: rankShare,
        recency,
        passage: { id: hit.passage.id, text: hit.passage.text },
        spanStart: span.start,
        spanEnd: span.end,
        score: lexicalScore(own, context, rankShare, recency, recent),
      });
    });
  });
  // An undated article is neither new nor old: it gets the mean recency of the dated ones, so a
  // corpus that dates some articles and not others does not favour the dated ones.
  const dated = out.filter((c) => c.article.date);
  if (dated.length && dated.length < out.length) {
    const mean = dated.reduce((s, c) => s + c.recency, 0) / dated.length;
    for (const c of out) {
      if (c.article.date) continue;
      c.score += (SCORE_WEIGHTS.recency + (recent ? SCORE_WEIGHTS.recencyCued : 0)) * (mean - c.recency);
      c.recency = mean;
    }
  }
  return out.sort(bestFirst);
}

const lexicalScore = (own: number, context: number, rank: number, recency: number, recent: boolean) =>
  SCORE_WEIGHTS.coverage * own +
  SCORE_WEIGHTS.context * context +
  SCORE_WEIGHTS.rank * (1 - rank) +
  (SCORE_WEIGHTS.recency + (recent ? SCORE_WEIGHTS.recencyCued : 0)) * recency;

// features:end

export const bestFirst = (a: Candidate, b: Candidate) => b.score - a.score || a.start - b.start;
