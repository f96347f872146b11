import { coverageOf, type Candidate, type WeightedTerm } from "./candidates.js";
import type { ParsedQuestion } from "./question.js";
import type { AnswerEntity } from "./short-answer.js";
import { fittedWeights, REFUSAL_BIAS } from "./weights.js";

/** What the refusal model looks at: how well the best sentence matches, and what the question asks. */
const REFUSAL_FEATURES = [
  // Share of the question's idf weight the best sentence covers, alone and with its neighbours.
  "coverage",
  "context",
  // The question asks for a kind of fact (a name, a place, a figure) and the passages name a candidate for it that the question does not already name.
  "hasEntity",
  // The best candidate's score (short-answer.ts), and its lead over the second.
  "entityScore",
  "entityMargin",
  // Where the best sentence's passage ranked, 0 (first) to 1.
  "rank",
  // Sentences covering at least half the question: agreement among the passages.
  "support",
  // Share of the question's weight found anywhere in the retrieved passages: what none of them mentions, none answers.
  "passageCoverage",
  // 1 when the question's rarest word is in the lead sentence or beside it.
  "rarestCovered",
  // How recent the lead's article is (recencyOf), and how stale when the question asks about now.
  "recency",
  "staleForNow",
  // 1 when the question asks for a description (what happened, why, how) rather than a name or a figure.
  "descriptive",
] as const;

export type RefusalFeatures = Record<(typeof REFUSAL_FEATURES)[number], number>;

/**
 * A logistic model of "the passages the answer is chosen from hold the answer" (weights.json,
 * fitted by scripts/fit-answerer.ts on the odd half of news-2025 and the bundled dev set; label:
 * a retrieved passage contains a gold answer, 0 for unanswerable questions). A refusal says the
 * articles do not hold the answer, so that is what it is fitted to; the label before, "the best
 * sentence holds it", also refused answers the articles held but the answerer missed.
 */
const REFUSAL_MODEL = { bias: REFUSAL_BIAS, ...fittedWeights("refusal", REFUSAL_FEATURES) };

/**
 * Below this probability that the passages hold the answer, the question is refused (weights.json):
 * on the odd half it refuses 2.6% of questions whose gold was at hand and 47% of those whose gold is nowhere.
 */
export { SUPPORT_THRESHOLD } from "./weights.js";

// features:begin refusal
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

// features:end

/** The model's probability that the passages hold the answer. */
export function supportProbability(features: RefusalFeatures, model = REFUSAL_MODEL): number {
  let z = model.bias;
  for (const key of REFUSAL_FEATURES) z += model[key] * features[key];
  return 1 / (1 + Math.exp(-z));
}
