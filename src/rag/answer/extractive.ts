import { ageInDays } from "../recency.js";
import { termsOf, type TermStats } from "../store/term-stats.js";
import type { ArticleMeta, SearchHit } from "../types.js";
import { bestFirst, related, scoreSentences, weighQuestion, type Candidate } from "./candidates.js";
import type { CitedSentence } from "./citations.js";
import { entityTypesFor } from "./entities.js";
import { formatDate } from "./metadata.js";
import type { ParsedQuestion } from "./question.js";
import { leadShare, rankAnswerEntities, shortAnswerOf, type AnswerEntity } from "./short-answer.js";
import { refusalFeatures, supportProbability, SUPPORT_THRESHOLD, type RefusalFeatures } from "./support.js";
// The short answer is given only when the first candidate holds this share of the candidates'
// likelihood (a softmax of their fitted scores): chosen on the odd half from the table
// scripts/fit-answerer.ts prints (the largest share that withheld no right short answer there).
import { SHORT_ANSWER_MIN_SHARE } from "./weights.js";
import { DENIAL } from "./denial.js";
import { isInstructionShaped } from "./instructions.js";
import { HAND_SET } from "./tuning.js";
import type { RelatedArticle } from "./types.js";

export { RECENCY } from "./candidates.js";

const {
  maxSentences: MAX_SENTENCES,
  maxUnknownShare: MAX_UNKNOWN_SHARE,
  keepRatioNewArticle: KEEP_RATIO_NEW_ARTICLE,
  keepRatioSameArticle: KEEP_RATIO_SAME_ARTICLE,
  duplicateJaccard: DUPLICATE_JACCARD,
  counterCoverage: COUNTER_COVERAGE,
  sameSubjectJaccard: SAME_SUBJECT_JACCARD,
  runnerUpMargin: RUNNER_UP_MARGIN,
  runnerUpCoverage: RUNNER_UP_COVERAGE,
  staleDays: STALE_DAYS,
} = HAND_SET;
/** Sentences kept in an answer's trace. */
const TRACED = 30;

export interface ExtractiveResult {
  refused: boolean;
  sentences: CitedSentence[];
  disagreement: boolean;
  related: RelatedArticle[];
  /** The fact the question asks for, verbatim from the first sentence. */
  shortAnswer?: string;
  /** What the refusal model saw, for evaluation and fitting. */
  features?: RefusalFeatures;
  probability?: number;
  /** The first candidate's short answer and share, given or not, for evaluation and fitting. */
  shortCandidate?: { text: string; share: number };
  /** The best-scored sentences and answer entities, for evaluation and fitting. */
  candidates?: Candidate[];
  entities?: AnswerEntity[];
}

export interface ExtractiveOptions {
  /** The question's time: recent articles are preferred, and old ones named with their date. */
  asOf?: Date;
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared || 1);
};

/** Drops a dash- or bracket-delimited aside that shares nothing with the question (and holds no part of the short answer). */
function trimAsides(text: string, question: ParsedQuestion, keep?: string): string {
  return text.replace(/\s[–—]\s([^–—]+)\s[–—]\s|\s\(([^()]+)\)/g, (whole, dashed: string | undefined, bracketed: string | undefined) => {
    const aside = dashed ?? bracketed ?? "";
    if (keep && whole.includes(keep)) return whole;
    const relevant = termsOf(aside).some((t) => question.terms.some((q) => q === t || related(q, t)));
    return relevant ? whole : " ";
  });
}

/** Numbers followed by the same word in two articles' sentences about the same thing ("50,000 fighters" vs "40,000 fighters"). */
function figuresDiffer(a: Candidate, b: Candidate): boolean {
  if (a.article.id === b.article.id || jaccard(a.terms, b.terms) < SAME_SUBJECT_JACCARD) return false;
  const figures = (c: Candidate) => new Map([...c.text.matchAll(/(\d[\d,.]*)\s+(\p{L}+)/gu)].map((m) => [m[2]!.toLowerCase(), m[1]!]));
  const fa = figures(a);
  for (const [unit, value] of figures(b)) if (fa.has(unit) && fa.get(unit) !== value) return true;
  return false;
}

/** "As of 3 May 2024: …" for a sentence from an article older than the question by more than a month. */
function datedIfStale(text: string, article: ArticleMeta, asOf: Date | undefined): string {
  const age = asOf ? ageInDays(article.date, asOf) : undefined;
  return age === undefined || age <= STALE_DAYS ? text : `As of ${formatDate(article.date!)}: ${text}`;
}

/**
 * Composes an answer from the articles' own sentences. When the question asks for a kind of
 * fact (a person, a place, a figure…), the candidate entities of every retrieved sentence are
 * ranked (short-answer.ts) and the answer leads with the best one and the sentence that names
 * it; otherwise with the best-worded sentence. Up to three more sentences that add something
 * follow (preferably from other articles), and the other side when an article denies what
 * another claims. Refuses when the refusal model (support.ts, fitted on dev questions) judges
 * the passages unlikely to hold the answer, or when the question names something the articles never
 * mention.
 */
export function composeExtractive(
  question: ParsedQuestion,
  hits: SearchHit[],
  stats: TermStats,
  options: ExtractiveOptions = {},
): ExtractiveResult {
  const weighed = weighQuestion(question, stats);
  // An instruction in an article is no evidence: it stays searchable, but never leads nor counts.
  const candidates = scoreSentences(weighed.terms, hits, options.asOf, question.recent).filter((c) => !isInstructionShaped(c.text));
  const relatedList = relatedArticles(candidates);
  const typedQuestion = entityTypesFor(question.answerType).length > 0;
  const entities = typedQuestion ? rankAnswerEntities(question, candidates, weighed.terms, stats) : [];
  const traced = { candidates: candidates.slice(0, TRACED), entities: entities.slice(0, TRACED) };
  const refuse = (features?: RefusalFeatures, probability?: number): ExtractiveResult => ({
    refused: true,
    sentences: [],
    disagreement: false,
    related: relatedList,
    features,
    probability,
    ...traced,
  });
  if (
    !candidates.length ||
    question.instruction ||
    weighed.unknownName ||
    weighed.unknownShare > MAX_UNKNOWN_SHARE ||
    weighed.terms.length === 0
  )
    return refuse();

  const best = entities[0];
  const lead = best?.lead ?? candidates[0]!;
  const features = refusalFeatures({ lead, weighed, question, typedQuestion, candidates, entity: best, runnerUp: entities[1] });
  const probability = supportProbability(features);
  if (probability < SUPPORT_THRESHOLD) return refuse(features, probability);

  const short = best ? shortAnswerOf(best) : undefined;
  // The sentence the short answer is quoted from is cited, next to the lead when it is another.
  const chosen: Candidate[] = short && short.from !== lead ? [lead, short.from] : [lead];
  // The next candidates are shown with their own sentences: the reader sees the other names the
  // articles give, not one name presented as certain. Close ones always; further ones when their
  // sentence is about the question too (it covers half of what the lead's covers, or names one of
  // the question's nouns besides the kind of answer asked for: "crane", not "crew", in "Which crew
  // repaired the crane?"): on news the short answer is wrong about half the time, and such
  // sentences hold the right one more often than further sentences that only repeat the question's
  // words (docs/BENCHMARKS.md), while a name from an unrelated story stays out.
  const topics = question.nouns.filter((n) => n !== question.head);
  for (const e of entities.slice(1)) {
    if (chosen.length >= MAX_SENTENCES - 1) break;
    const close = e.score >= best!.score - RUNNER_UP_MARGIN;
    if (!close && e.lead.coverage < RUNNER_UP_COVERAGE * lead.coverage && !topics.some((n) => e.lead.terms.has(n))) continue;
    if (!chosen.includes(e.lead)) chosen.push(e.lead);
  }
  // For a typed question, further sentences must hold a candidate too; plain wording is not enough.
  const eligible = typedQuestion ? candidates.filter((c) => (c.answers?.length ?? 0) > 0) : candidates;
  for (const c of eligible.slice().sort(bestFirst)) {
    if (c === lead) continue;
    if (chosen.length >= MAX_SENTENCES) break;
    if (c.score < KEEP_RATIO_NEW_ARTICLE * lead.score) break;
    if (chosen.some((x) => jaccard(x.terms, c.terms) >= DUPLICATE_JACCARD)) continue;
    const sameArticle = chosen.some((x) => x.article.id === c.article.id);
    if (sameArticle && c.score < KEEP_RATIO_SAME_ARTICLE * lead.score) continue;
    chosen.push(c);
  }

  // The other side: a denial of what the chosen sentences claim (or a claim against a denial).
  let disagreement = false;
  const chosenDeny = chosen.some((c) => DENIAL.test(c.text));
  // Both must be about the question: the denial covers most of it, and so does what it denies.
  const counter = candidates.find(
    (c) => !chosen.includes(c) && c.coverage >= COUNTER_COVERAGE && lead.coverage >= COUNTER_COVERAGE && DENIAL.test(c.text) !== chosenDeny,
  );
  if (counter) {
    if (chosen.length >= MAX_SENTENCES) chosen.pop();
    chosen.push(counter);
    disagreement = true;
  }
  if (!disagreement) disagreement = chosen.some((a, i) => chosen.slice(i + 1).some((b) => figuresDiffer(a, b)));

  // Claims first, then what denies them, so the answer reads as "X said …; Y denied it".
  if (disagreement) chosen.sort((a, b) => Number(DENIAL.test(a.text)) - Number(DENIAL.test(b.text)));
  // A lead among many near-equal candidates is no fact to state in bold: the sentences show them all.
  const shortCandidate = short && { text: short.text, share: leadShare(entities) };
  const shortAnswer = shortCandidate && shortCandidate.share >= SHORT_ANSWER_MIN_SHARE ? shortCandidate.text : undefined;
  // An old article's date is named before the first sentence taken from it.
  const dated = new Set<string>();
  const datedOnce = (c: Candidate) => {
    const text = trimAsides(c.text, question, c === short?.from ? short.text : undefined);
    if (dated.has(c.article.id)) return text;
    dated.add(c.article.id);
    return datedIfStale(text, c.article, options.asOf);
  };
  const sentences = chosen.map((c) => ({
    article: c.article,
    text: datedOnce(c),
    quote: c.text,
    start: c.start,
    end: c.end,
  }));
  return { refused: false, sentences, disagreement, related: [], shortAnswer, shortCandidate, features, probability, ...traced };
}

/** The articles of the best-scoring sentences, for a "not covered" answer to point at. */
function relatedArticles(candidates: Candidate[]): RelatedArticle[] {
  const out: RelatedArticle[] = [];
  for (const c of candidates) {
    if (c.coverage < 0.2 || out.some((r) => r.articleId === c.article.id)) continue;
    out.push({ articleId: c.article.id, title: c.article.title, url: c.article.url });
    if (out.length >= 3) break;
  }
  return out;
}
