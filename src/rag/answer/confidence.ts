import { termsOf } from "../store/term-stats.js";
import { related, type Candidate, type WeightedTerm } from "./candidates.js";
import type { ParsedQuestion } from "./question.js";
import type { AnswerEntity } from "./short-answer.js";
import { CONFIDENCE_THRESHOLDS, fittedBias, fittedWeights } from "./weights.js";

/**
 * How far an answer, and its bold short answer, can be trusted: two logistic models over what the
 * answerer already weighed (weights.json, fitted by scripts/fit-answerer.ts on the odd half of
 * news-2025, the bundled dev set and the Arden corpus of eval/corpora; label: the answer, or the
 * short answer, holds a gold answer). An answer below its threshold is not given: the reply says
 * the articles do not state one and shows the closest passages. A short answer below its own
 * is not shown in bold. The thresholds are read off the risk-coverage tables the fit prints.
 */

/** What both models read of the question itself. */
const QUESTION_KIND = [
  // The kind of fact asked for (a description is the base): some kinds are found far more often than others.
  "person",
  "place",
  "organisation",
  "date",
  "figure",
  // 1 for "which of the following…": a quiz's choices, which the articles do not list.
  "choice",
  // log(1 + the question's content terms): a long question carries context the articles need not repeat.
  "length",
] as const;

const ANSWER_FEATURES = [
  // log-odds that the passages hold the answer at all (the refusal model, support.ts).
  "support",
  // The lead sentence's share of the question's weight, alone and with its neighbours.
  "coverage",
  "context",
  // Share of the question's subject (its terms but its verbs and the kind of answer asked for) beside the lead.
  "subject",
  // 1 when the question asks for a kind of fact and a candidate was found; its share of the candidates' likelihood; its lead over the next.
  "typed",
  "share",
  "margin",
  // log(1 + articles naming the best candidate): agreement across sources.
  "articles",
  // 1 when the question asks for a description (what happened, why, how).
  "descriptive",
  // Where the lead's passage ranked, 0 (first) to 1.
  "rank",
  ...QUESTION_KIND,
  // How recent the lead's article is, and the share of the question its headline covers.
  "recency",
  "title",
  // log(1 + articles whose sentences covering half the question name the short answer): independent sources agreeing.
  "agree",
] as const;

const SHORT_FEATURES = [
  "support",
  "share",
  "margin",
  // The best candidate's fitted score (short-answer.ts).
  "score",
  // Share of the question's subject in the short answer's sentence and its neighbours, and 1 when all of it is.
  "subject",
  "tied",
  // 1 when the candidate is of the kind asked for most ("organisation" for "which company").
  "preferred",
  // Share of the question's weight within 80 characters of the mention.
  "window",
  "articles",
  ...QUESTION_KIND,
  "agree",
  // The candidate's own features (short-answer.ts): how near the question's words, how often named, in headlines, in the lede, beside the head noun, pooled support, a unit, a place of the kind asked.
  "proximity",
  "mentions",
  "inTitle",
  "lede",
  "besideHead",
  "mass",
  "unit",
  "kind",
  "specificity",
] as const;

export type AnswerConfidenceFeatures = Record<(typeof ANSWER_FEATURES)[number], number>;
export type ShortConfidenceFeatures = Record<(typeof SHORT_FEATURES)[number], number>;

const ANSWER_MODEL = { bias: fittedBias("answerConfidence"), weights: fittedWeights("answerConfidence", ANSWER_FEATURES) };
const SHORT_MODEL = { bias: fittedBias("shortConfidence"), weights: fittedWeights("shortConfidence", SHORT_FEATURES) };

/** An answer is given from this confidence; its bold short answer shown from the second. */
export const ANSWER_THRESHOLD = CONFIDENCE_THRESHOLDS.answer;
export const SHORT_THRESHOLD = CONFIDENCE_THRESHOLDS.short;

// features:begin confidence
/** Share of the subject's weight found in `terms`: how much of what the question is about stands beside a sentence. */
export function subjectShare(subject: WeightedTerm[], terms: Set<string>): number {
  let total = 0;
  let hit = 0;
  for (const t of subject) {
    total += t.weight;
    if (t.forms.length && (t.forms.some((f) => terms.has(f)) || [...terms].some((s) => related(s, t.term)))) hit += t.weight;
  }
  return total === 0 ? 1 : hit / total;
}

/**
 * The weighed terms of the question's subject. A term the articles never use counts too, as
 * heavily as the rarest they do, and is never found: "Who owns the Hawks?" is not answered by
 * whoever coaches them because the articles never say "owns".
 */
export function subjectOf(question: ParsedQuestion, weighed: WeightedTerm[]): WeightedTerm[] {
  const rarest = Math.max(1, ...weighed.map((w) => w.weight));
  return question.subject.map((t) => weighed.find((w) => w.term === t) ?? { term: t, forms: [], weight: rarest });
}

/** A sentence's terms with its neighbours' and its article's headline: what it is said in the context of. */
export const inContext = (c: Candidate) => new Set([...c.neighbourTerms, ...termsOf(c.article.title)]);

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

const FIGURE_TYPES = new Set(["number", "money", "percent", "duration"]);
/** The kind of fact asked for, as one-hot features. */
const kindOfQuestion = (question: ParsedQuestion) => ({
  person: question.answerType === "person" ? 1 : 0,
  place: question.answerType === "place" ? 1 : 0,
  organisation: question.answerType === "organisation" ? 1 : 0,
  date: question.answerType === "date" ? 1 : 0,
  figure: FIGURE_TYPES.has(question.answerType) ? 1 : 0,
  choice: /(which|what) of (the|these|those) (following|options|choices)\b|\bwhich of the following\b/i.test(question.text) ? 1 : 0,
  length: Math.log1p(question.terms.length),
});

/** log(1 + articles whose sentences, covering half the question, name `text`). */
function agreeing(candidates: Candidate[], text: string | undefined): number {
  if (!text) return 0;
  const needle = text.toLowerCase();
  const articles = new Set(candidates.filter((c) => c.coverage >= 0.5 && c.text.toLowerCase().includes(needle)).map((c) => c.article.id));
  return Math.log1p(articles.size);
}

/** What the answer's confidence is judged by. */
export function answerConfidenceFeatures(input: {
  question: ParsedQuestion;
  weighed: WeightedTerm[];
  lead: Candidate;
  support: number;
  best?: AnswerEntity;
  runnerUp?: AnswerEntity;
  share: number;
  candidates: Candidate[];
  shortText?: string;
}): AnswerConfidenceFeatures {
  const { question, weighed, lead, best, runnerUp } = input;
  const titleTerms = new Set(termsOf(lead.article.title));
  return {
    ...kindOfQuestion(question),
    recency: lead.recency,
    title: weighed.length ? weighed.filter((w) => w.forms.some((f) => titleTerms.has(f))).length / weighed.length : 0,
    agree: agreeing(input.candidates, input.shortText),
    support: logit(input.support),
    coverage: lead.coverage,
    context: lead.context,
    subject: subjectShare(subjectOf(question, weighed), inContext(lead)),
    typed: best ? 1 : 0,
    share: best ? input.share : 0,
    margin: best ? Math.min(5, best.score - (runnerUp?.score ?? best.score - 5)) : 0,
    articles: best?.features.articles ?? 0,
    descriptive: ["any", "reason", "manner"].includes(question.answerType) ? 1 : 0,
    rank: lead.rank,
  };
}

/** What the short answer's confidence is judged by: the candidate, and whether it stands beside the question's subject. */
export function shortConfidenceFeatures(input: {
  question: ParsedQuestion;
  weighed: WeightedTerm[];
  support: number;
  best: AnswerEntity;
  runnerUp?: AnswerEntity;
  share: number;
  from: Candidate;
  candidates: Candidate[];
  shortText: string;
}): ShortConfidenceFeatures {
  const { question, weighed, best, runnerUp, from } = input;
  const subject = subjectShare(subjectOf(question, weighed), inContext(from));
  const f = best.features;
  return {
    ...kindOfQuestion(question),
    agree: agreeing(input.candidates, input.shortText),
    proximity: f.proximity,
    mentions: f.mentions,
    inTitle: f.inTitle,
    lede: f.lede,
    besideHead: f.besideHead,
    mass: f.mass,
    unit: f.unit,
    kind: f.kind,
    specificity: f.specificity,
    support: logit(input.support),
    share: input.share,
    margin: Math.min(5, best.score - (runnerUp?.score ?? best.score - 5)),
    score: best.score,
    subject,
    tied: subject >= 1 ? 1 : 0,
    preferred: best.features.preferred,
    window: best.features.window,
    articles: best.features.articles,
  };
}
// features:end

const probability = <K extends string>(model: { bias: number; weights: Record<K, number> }, features: Record<K, number>) => {
  let z = model.bias;
  for (const k of Object.keys(model.weights) as K[]) z += model.weights[k] * features[k];
  return 1 / (1 + Math.exp(-z));
};

/** The probability that the answer holds the fact asked for. */
export const answerConfidence = (f: AnswerConfidenceFeatures) => probability(ANSWER_MODEL, f);

/** The probability that the short answer is the fact asked for. */
export const shortConfidence = (f: ShortConfidenceFeatures) => probability(SHORT_MODEL, f);
