// Search latency over a file of queries, on an existing index (built first if missing).
// Usage: npx tsx scripts/search-latency.ts --corpus DIR --index DIR --queries FILE.jsonl [--mode hybrid|dense|bm25] [--limit N]
// Each line of FILE.jsonl needs a "text" or "question" field (BEIR queries and our QA files work as they are).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadCoreConfig, readEnvironment } from "../src/config/index.js";
import { createRag, type SearchMode } from "../src/rag/index.js";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    index: { type: "string" },
    queries: { type: "string" },
    mode: { type: "string" },
    limit: { type: "string" },
  },
});
const env = readEnvironment();
if (values.corpus) env.CORPUS_DIR = values.corpus;
if (values.index) env.INDEX_DIR = values.index;
const rag = await createRag(loadCoreConfig(env));
await rag.ensureIndex();
const queries = readFileSync(values.queries!, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => {
    const o = JSON.parse(l);
    return (o.text ?? o.question) as string;
  })
  .slice(0, Number(values.limit ?? 300));
const mode = (values.mode ?? "hybrid") as SearchMode;
await rag.search(queries[0]!, { mode });
const times: number[] = [];
for (const q of queries) {
  const t = performance.now();
  await rag.search(q, { mode });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
const stats = rag.stats()!;
console.log(
  `${mode}: ${queries.length} queries over ${stats.passages} passages: median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);
process.exit(0);
