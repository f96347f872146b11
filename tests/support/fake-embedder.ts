import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder } from "../../src/rag/index.js";

/**
 * A deterministic bag-of-words embedder: each word hashes to a dimension. Similar texts get
 * similar vectors, so search order is meaningful, and every call is counted.
 */
export class CountingEmbeddings extends Embeddings {
  calls = 0;
  texts: string[] = [];
  /** Throw on the call with this number (1-based), to simulate a failure midway. */
  failOnCall?: number;

  constructor(readonly dimension = 64) {
    super({});
  }

  private vector(text: string): number[] {
    const v = new Array<number>(this.dimension).fill(0);
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      let h = 2166136261;
      for (const ch of word) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
      v[Math.abs(h) % this.dimension]! += 1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    if (this.failOnCall === this.calls) throw new Error("embedding server went away");
    this.texts.push(...texts);
    return texts.map((t) => this.vector(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
}

export function createFakeEmbedder(id = "fake-bow"): Embedder & { embeddings: CountingEmbeddings } {
  const embeddings = new CountingEmbeddings();
  return { id, dimension: embeddings.dimension, embeddings };
}
