import raw from "./weights.json" with { type: "json" };

/**
 * The answerer's fitted numbers (weights.json, written by scripts/fit-answerer.ts with the set,
 * the date and the figures each was fitted on), checked when the answerer loads: a model whose
 * features and weights disagree is a start-up error naming what to refit, never a silent zero.
 */

type Model = "sentence" | "entity" | "refusal" | "answerConfidence" | "shortConfidence";

const REFIT = "refit with `npx tsx scripts/fit-answerer.ts --half odd --write`";

type Stored = { weights?: Record<string, unknown>; bias?: unknown };
const models = raw as unknown as Record<Model, Stored | undefined>;

/** The weights of one model, exactly one finite number per feature the code computes. */
export function fittedWeights<K extends string>(model: Model, features: readonly K[]): Record<K, number> {
  const weights = models[model]?.weights ?? {};
  const missing = features.filter((f) => typeof weights[f] !== "number" || !Number.isFinite(weights[f]));
  const extra = Object.keys(weights).filter((k) => !(features as readonly string[]).includes(k));
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `no weight for ${missing.join(", ")}` : "",
      extra.length ? `a weight for ${extra.join(", ")}, which the code no longer computes` : "",
    ].filter(Boolean);
    throw new Error(`src/rag/answer/weights.json: the ${model} model has ${parts.join(" and ")}; ${REFIT}`);
  }
  return Object.fromEntries(features.map((f) => [f, weights[f] as number])) as Record<K, number>;
}

/** A logistic model's intercept. */
export function fittedBias(model: Model): number {
  const bias = models[model]?.bias;
  if (typeof bias !== "number" || !Number.isFinite(bias))
    throw new Error(`src/rag/answer/weights.json: the ${model} model has no bias; ${REFIT}`);
  return bias;
}

/** The refusal model's intercept. */
export const REFUSAL_BIAS = fittedBias("refusal");

/** Below this probability that the passages hold the answer, a question is refused. */
export const SUPPORT_THRESHOLD = raw.thresholds.support;

/** The short answer is a candidate only when the first candidate holds this share of the candidates' likelihood. */
export const SHORT_ANSWER_MIN_SHARE = raw.thresholds.shortAnswerMinShare;

/**
 * The operating points chosen from the risk-coverage tables (weights.json): an answer is given
 * when its confidence reaches `answer`, the bold short answer shown when its own reaches `short`.
 */
export const CONFIDENCE_THRESHOLDS = {
  answer: raw.thresholds.answer,
  short: raw.thresholds.short,
};
