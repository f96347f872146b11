import raw from "./weights.json" with { type: "json" };

/**
 * The answerer's fitted numbers (weights.json, written by scripts/fit-answerer.ts with the set,
 * the date and the figures each was fitted on), checked when the answerer loads: a model whose
 * features and weights disagree is a start-up error naming what to refit, never a silent zero.
 */

type Model = "sentence" | "entity" | "refusal";

const REFIT = "refit with `npx tsx scripts/fit-answerer.ts --half odd --write`";

/** The weights of one model, exactly one finite number per feature the code computes. */
export function fittedWeights<K extends string>(model: Model, features: readonly K[]): Record<K, number> {
  const weights = (raw as Record<Model, { weights: Record<string, unknown> }>)[model]?.weights ?? {};
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

/** The refusal model's intercept. */
export const REFUSAL_BIAS = raw.refusal.bias;

/** Below this probability that the passages hold the answer, a question is refused. */
export const SUPPORT_THRESHOLD = raw.thresholds.support;

/** The short answer is given only when the first candidate holds this share of the candidates' likelihood. */
export const SHORT_ANSWER_MIN_SHARE = raw.thresholds.shortAnswerMinShare;
