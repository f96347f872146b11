import { readFileSync } from "node:fs";
import { loadCoreConfig } from "./src/config/index.js";
import { createRag } from "./src/rag/index.js";
import { parseQuestion } from "./src/rag/answer/question.js";
import { composeExtractive } from "./src/rag/answer/extractive.js";
import { TermStats } from "./src/rag/store/term-stats.js";
const rag = await createRag(loadCoreConfig({ EMBEDDINGS: "use-lite" }));
await rag.ensureIndex();
const all = await rag.search("the", { k: 100, maxPerArticle: 100, mode: "dense" });
const stats = new TermStats(all.map((h) => `${h.passage.title}\n${h.passage.text}`));
for (const line of readFileSync("eval/dev-questions.jsonl", "utf8").split("\n").filter(Boolean)) {
  const item = JSON.parse(line);
  const pq = parseQuestion(item.question);
  if (pq.metadata) continue;
  const hits = await rag.search(item.question, { k: 8, maxPerArticle: 4 });
  const r = composeExtractive(pq, hits, stats);
  console.log(`${item.unanswerable ? "U" : "A"} ${r.refused ? "ref" : "ans"} ${r.bestScore.toFixed(3)} ${item.question.slice(0, 60)}`);
}
