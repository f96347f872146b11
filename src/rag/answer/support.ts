import { coverageOf, type Candidate, type WeightedTerm } from "./candidates.js";
import type { ParsedQuestion } from "./question.js";
import type { AnswerEntity } from "./short-answer.js";

/** What the refusal model looks at: how well the best sentence matches, and what the question asks. */
export interface RefusalFeatures {
  /** Share of the question's idf weight the best sentence covers, alone and with its neighbours. */
  coverage: number;
  context: number;
  /** The question asks for a kind of fact (a name, a place, a figure) and the passages name a candidate for it that the question does not already name. */
  hasEntity: number;
  /** The best candidate's score (short-answer.ts), and its lead over the second. */
  entityScore: number;
  entityMargin: number;
  /** Where the best sentence's passage ranked, 0 (first) to 1. */
  rank: number;
  /** Sentences covering at least half the question: agreement among the passages. */
  support: number;
  /** Share of the question's weight found anywhere in the retrieved passages: what none of them mentions, none answers. */
  passageCoverage: number;
  /** 1 when the question's rarest word is in the lead sentence or beside it. */
  rarestCovered: number;
  /** How recent the lead's article is (recencyOf), and how stale when the question asks about now. */
  recency: number;
  staleForNow: number;
  /** 1 when the question asks for a description (what happened, why, how) rather than a name or a figure. */
  descriptive: number;
}

/**
 * Coefficients of a logistic model of "the passages the answer is chosen from hold the answer",
 * fitted by scripts/fit-answerer.ts on the odd half of the news-2025 questions and the bundled
 * corpus's dev set (label: a retrieved passage contains a gold answer; for unanswerable
 * questions, 0). A refusal says the articles do not hold the answer, so that is what it is fitted
 * to; the label before, "the best sentence holds it", also refused answers the articles held but
 * the answerer missed (docs/BENCHMARKS.md: held-out half 5.3% → 4.8% of questions refused with
 * the gold at hand, 39% → 48% of those whose gold is nowhere refused, answers unchanged).
 */
const REFUSAL_MODEL: { bias: number } & Record<keyof RefusalFeatures, number> = {
  bias: -7.648,
  coverage: 1.248,
  context: 6.239,
  hasEntity: -0.521,
  entityScore: 0.281,
  entityMargin: -0.106,
  rank: -0.278,
  support: -0.533,
  passageCoverage: 3.118,
  rarestCovered: -0.821,
  recency: 0.022,
  staleForNow: -1.146,
  descriptive: 0.521,
};

/**
 * Below this probability that the passages hold the answer, the question is refused: on the odd
 * half it refuses 2.6% of questions whose gold was at hand and 47% of those whose gold is nowhere.
 */
export const SUPPORT_THRESHOLD = 0.25;

/** The refusal model's features for an answer that would lead with `lead` (and `entity`, for a typed question). */
export function refusalFeatures(input: {
  lead: Candidate;
  weighed: { terms: WeightedTerm[] };
  question: ParsedQuestion;
  typedQuestion: boolean;
  candidates: Candidate[];
  entity?: AnswerEntity;
  runnerUp?: AnswerEntity;
}): RefusalFeatures {
  const { lead, weighed, candidates, entity, runnerUp, question } = input;
  const rarest = [...weighed.terms].sort((a, b) => b.weight - a.weight)[0]?.forms.find((f) => candidates.some((c) => c.terms.has(f)));
  return {
    coverage: lead.coverage,
    context: lead.context,
    hasEntity: entity ? 1 : 0,
    entityScore: entity?.score ?? 0,
    entityMargin: entity ? entity.score - (runnerUp?.score ?? 0) : 0,
    rank: lead.rank,
    support: Math.log1p(candidates.filter((c) => c.coverage >= 0.5).length),
    passageCoverage: coverageOf(weighed.terms, new Set(candidates.flatMap((c) => [...c.terms]))),
    rarestCovered: rarest && lead.context > 0 && lead.neighbourTerms.has(rarest) ? 1 : 0,
    recency: lead.recency,
    staleForNow: question.recent ? 1 - lead.recency : 0,
    descriptive: ["any", "reason", "manner"].includes(question.answerType) ? 1 : 0,
  };
}

/** The model's probability that the passages hold the answer. */
export function supportProbability(features: RefusalFeatures, model = REFUSAL_MODEL): number {
  let z = model.bias;
  for (const key of Object.keys(features) as (keyof RefusalFeatures)[]) z += model[key] * features[key];
  return 1 / (1 + Math.exp(-z));
}
