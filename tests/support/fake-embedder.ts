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

/**
 * A fake embedder the test can hold shut: `hold()` makes every embedding call from then on wait
 * (`reached` resolves when one does) until its `open()`. A newer `hold()` replaces the gate for
 * later calls, so a test can let the call in hand through while holding the next ones.
 */
export function createGatedEmbedder() {
  const embedder = createFakeEmbedder();
  const embed = embedder.embeddings.embedDocuments.bind(embedder.embeddings);
  let gate: Promise<void> | undefined;
  let reached = () => {};
  embedder.embeddings.embedDocuments = async (texts) => {
    const mine = gate;
    if (mine) {
      reached();
      await mine;
    }
    return embed(texts);
  };
  return {
    embedder,
    hold() {
      let open = () => {};
      const mine = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate = mine;
      const waiting = new Promise<void>((resolve) => {
        reached = resolve;
      });
      return {
        reached: waiting,
        open() {
          if (gate === mine) gate = undefined;
          open();
        },
      };
    },
  };
}
