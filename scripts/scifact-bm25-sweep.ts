// BM25 settings on SciFact without embeddings: how passage size, fields and BM25 parameters move nDCG@10.
// Usage: npx tsx scripts/scifact-bm25-sweep.ts [DATA_DIR]   (default ../shared/eval/scifact)
import { join } from "node:path";
import { loadScifact } from "../src/cli/eval/scifact.js";
import { documentsFromPassages, meanScores, scoreRanking } from "../src/cli/eval/metrics.js";
import { splitArticle } from "../src/rag/split.js";
import { buildBm25, searchBm25 } from "../src/rag/store/local/bm25.js";
import { analyse } from "../src/rag/analysis.js";

const data = await loadScifact(process.argv[2] ?? join(import.meta.dirname, "../../shared/eval/scifact"));
const articles = data.corpus.map((d) => ({ id: d._id, title: d.title, text: d.text, file: "x" }));

async function run(passageTokens: number, fields: "title|text" | "one field", settings: [k1: number, b: number, titleBoost: number][]) {
  const passages = articles.flatMap((a) => splitArticle(a, { passageTokens, overlapTokens: Math.min(40, passageTokens / 4) }));
  const docs = passages.map((p) => ({ id: p.id, fields: fields === "one field" ? [`${p.title}\n${p.text}`] : [p.title, p.text] }));
  const index = await buildBm25(docs, docs[0]!.fields.length, analyse);
  const terms = new Map(index.vocabulary.map((t, i) => [t, i]));
  for (const [k1, b, titleBoost] of settings) {
    const m = meanScores(
      data.queries.map((q) => {
        const hits = searchBm25(index, terms, analyse(q.text), 1000, { k1, b, boosts: fields === "one field" ? [1] : [titleBoost, 1] });
        return scoreRanking(documentsFromPassages(hits.map((h) => passages[h.doc]!.articleId)), q.relevant);
      }),
    );
    console.log(
      `${passageTokens} tokens, ${fields}, k1 ${k1} b ${b} title ${titleBoost}`.padEnd(52),
      `passages ${String(passages.length).padStart(6)}  nDCG@10 ${m.ndcg10.toFixed(4)}  R@100 ${m.recall100.toFixed(4)}`,
    );
  }
}

const grid: [number, number, number][] = [
  [0.9, 0.4, 1],
  [1.2, 0.75, 1],
  [1.2, 0.75, 0.8],
  [1.5, 0.75, 1],
];
for (const size of [180, 300, 800]) for (const fields of ["title|text", "one field"] as const) await run(size, fields, grid);
process.exit(0);
