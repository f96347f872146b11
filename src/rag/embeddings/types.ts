import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/** A LangChain embeddings model with the identity the index records, so a change forces a rebuild. */
export interface Embedder {
  /** Names the model and anything else that changes its vectors, e.g. `use-lite`. */
  id: string;
  dimension: number;
  embeddings: EmbeddingsInterface;
}

/** Scales a vector to unit length so inner product and cosine agree. */
export function normalise(vector: number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}
