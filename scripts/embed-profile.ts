// Where USE-lite's embedding time goes (issue 14): passages per second on one thread for batch
// sizes and for passages cut to their first N words, on SciFact abstracts.
// Usage: npx tsx scripts/embed-profile.ts [DATA_DIR]   (default ../shared/eval/scifact)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createUseLiteEmbedder } from "../src/rag/embeddings/use-lite.js";

const dir = process.argv[2] ?? join(import.meta.dirname, "../../shared/eval/scifact");
const texts = readFileSync(join(dir, "corpus.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .slice(0, 256)
  .map((l) => {
    const d = JSON.parse(l) as { title: string; text: string };
    return `${d.title}\n${d.text}`;
  });
const words = (t: string) => t.split(/\s+/).length;
console.log(`${texts.length} abstracts, ${Math.round(texts.reduce((n, t) => n + words(t), 0) / texts.length)} words on average`);

const rate = async (batchSize: number, cut?: number) => {
  const e = await createUseLiteEmbedder({ batchSize, threads: 1 });
  const input = cut ? texts.map((t) => t.split(/\s+/).slice(0, cut).join(" ")) : texts;
  await e.embeddings.embedDocuments(input.slice(0, 8));
  const started = performance.now();
  await e.embeddings.embedDocuments(input);
  return input.length / ((performance.now() - started) / 1000);
};

for (const batch of [8, 32, 128]) console.log(`batch ${batch}: ${(await rate(batch)).toFixed(1)} passages/s (one thread)`);
for (const cut of [64, 128]) console.log(`first ${cut} words, batch 32: ${(await rate(32, cut)).toFixed(1)} passages/s (one thread)`);
