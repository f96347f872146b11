import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder } from "../../rag/index.js";

const DIMENSION = 512;
const CLUSTERS = 200;

/** A small seeded generator (mulberry32), so synthetic vectors are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

const centroids = Array.from({ length: CLUSTERS }, (_, c) => {
  const next = random(c + 1);
  return Array.from({ length: DIMENSION }, () => gaussian(next));
});

/**
 * Synthetic passage vectors: a real passage vector (when `bases` are given; else one of 200
 * random cluster centres) chosen by the text's hash, plus noise (cosine about 0.8 to it). Real
 * queries then meet data shaped like a real corpus, and 100k passages index in a minute.
 */
function syntheticVector(text: string, bases?: Float32Array[]): number[] {
  const seed = createHash("sha256").update(text).digest().readUInt32LE(0);
  const next = random(seed);
  const base = bases?.length ? Array.from(bases[seed % bases.length]!) : centroids[seed % CLUSTERS]!.map((x) => x / Math.sqrt(DIMENSION));
  const v = base.map((x) => x + 0.03 * gaussian(next));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/**
 * Passages get synthetic vectors; queries are embedded by the real model (USE-lite), so query
 * latency includes the model as users see it. Rankings from such an index mean nothing; speed,
 * memory and HNSW recall do.
 */
export function createSyntheticEmbedder(real: Embedder, bases?: Float32Array[]): Embedder {
  class SyntheticEmbeddings extends Embeddings {
    async embedDocuments(texts: string[]): Promise<number[][]> {
      // A real embedder works elsewhere (worker threads, a server) and answers later: a turn of
      // the event loop per batch, as it gives, or a reindex would hold everyone else's answers.
      await new Promise((resolve) => setImmediate(resolve));
      return texts.map((t) => syntheticVector(t, bases));
    }
    async embedQuery(text: string): Promise<number[]> {
      return real.embeddings.embedQuery(text);
    }
  }
  return { id: "synthetic-512", dimension: DIMENSION, embeddings: new SyntheticEmbeddings({}) };
}

/**
 * Writes a corpus of about `passages` passages: SciFact abstracts repeated with distinct ids and
 * titles, 500 articles per jsonl file (so changing one article rewrites one small file).
 */
export async function writeScaledCorpus(
  dir: string,
  abstracts: { _id: string; title: string; text: string }[],
  articles: number,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < articles; i++) {
    const a = abstracts[i % abstracts.length]!;
    const copy = Math.floor(i / abstracts.length);
    lines.push(JSON.stringify({ id: `${a._id}-${copy}`, title: copy ? `${a.title} (${copy})` : a.title, text: a.text }));
  }
  for (let f = 0; f * 500 < lines.length; f++) {
    await writeFile(join(dir, `part-${String(f).padStart(4, "0")}.jsonl`), lines.slice(f * 500, (f + 1) * 500).join("\n"));
  }
}
