// USE-lite embedding speed, on the main thread and with worker threads, over real passages.
// Usage: npx tsx scripts/embed-speed.ts FILE.jsonl [N]   (lines with "title" and "text", e.g. BEIR's corpus.jsonl)
import { readFileSync } from "node:fs";
import { createUseLiteEmbedder } from "../src/rag/embeddings/use-lite.js";

const [file, count = "128"] = process.argv.slice(2);
const texts = readFileSync(file!, "utf8")
  .split("\n")
  .filter(Boolean)
  .slice(0, Number(count))
  .map((l) => JSON.parse(l))
  // About one default passage: 180 tokens is roughly 140 words.
  .map((d) => `${d.title}\n${d.text}`.split(/\s+/).slice(0, 140).join(" "));
for (const threads of [1, 2]) {
  const embedder = await createUseLiteEmbedder({ batchSize: 32, threads });
  await embedder.embeddings.embedDocuments(texts.slice(0, 16));
  const started = performance.now();
  await embedder.embeddings.embedDocuments(texts);
  const seconds = (performance.now() - started) / 1000;
  console.log(`USE-lite, ${threads} thread(s): ${(texts.length / seconds).toFixed(1)} passages/s over ${texts.length} passages`);
}
process.exit(0);
