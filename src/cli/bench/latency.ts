import { readFileSync } from "node:fs";
import type { Rag } from "../../rag/index.js";

/** The q-quantile of `xs` (nearest rank). */
export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Milliseconds `fn` takes. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** The first `count` query texts of a BEIR queries.jsonl file. */
export function readQueries(file: string, count: number): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l).text as string)
    .slice(0, count);
}

/**
 * Search and ask latency over `queries`, each asked once after one warm-up question (the first
 * query loads the model's kernels). Milliseconds, in query order.
 */
export async function searchAndAskLatency(rag: Rag, queries: string[]): Promise<{ search: number[]; ask: number[] }> {
  await rag.ask(queries[0]!);
  const search: number[] = [];
  const ask: number[] = [];
  for (const q of queries) search.push(await time(() => rag.search(q)));
  for (const q of queries) ask.push(await time(() => rag.ask(q)));
  return { search, ask };
}
