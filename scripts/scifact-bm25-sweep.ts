// BM25 settings on SciFact without embeddings: how passage size, fields and BM25 parameters move nDCG@10.
// Usage: npx tsx scripts/scifact-bm25-sweep.ts [DATA_DIR]   (default ../shared/eval/scifact)
import MiniSearch from "minisearch";
import { join } from "node:path";
import { loadScifact } from "../src/cli/eval/scifact.js";
import { documentsFromPassages, meanScores, scoreRanking } from "../src/cli/eval/metrics.js";
import { splitArticle } from "../src/rag/split.js";
import { processTerm, tokenize } from "../src/rag/store/lexical.js";

const data = await loadScifact(process.argv[2] ?? join(import.meta.dirname, "../../shared/eval/scifact"));
const articles = data.corpus.map((d) => ({ id: d._id, title: d.title, text: d.text, file: "x" }));

function run(label: string, passageTokens: number, fields: "separate" | "one", k: number, b: number, d: number, titleBoost = 1) {
  const passages = articles.flatMap((a) =>
    splitArticle(a, { passageTokens, overlapTokens: Math.min(40, passageTokens / 4) }).map((p) => ({ ...p, all: `${p.title}\n${p.text}` })),
  );
  const ms = new MiniSearch({ fields: fields === "one" ? ["all"] : ["title", "text"], idField: "id", tokenize, processTerm });
  ms.addAll(passages);
  const articleOf = new Map(passages.map((p) => [p.id, p.articleId]));
  const scores = data.queries.map((q) => {
    const hits = ms.search(q.text, fields === "separate" ? { bm25: { k, b, d }, boost: { title: titleBoost } } : { bm25: { k, b, d } });
    return scoreRanking(documentsFromPassages(hits.map((h) => articleOf.get(String(h.id))!)), q.relevant);
  });
  const m = meanScores(scores);
  console.log(`${label.padEnd(48)} passages ${String(passages.length).padStart(6)}  nDCG@10 ${m.ndcg10.toFixed(4)}  R@100 ${m.recall100.toFixed(4)}`);
}

run("180 tokens, title|text, k1 .9 b .4, BM25", 180, "separate", 0.9, 0.4, 0);
run("180 tokens, title|text, k1 .9 b .4, BM25+ (d .5)", 180, "separate", 0.9, 0.4, 0.5);
run("180 tokens, one field, k1 .9 b .4", 180, "one", 0.9, 0.4, 0);
run("300 tokens, one field, k1 .9 b .4", 300, "one", 0.9, 0.4, 0);
run("400 tokens, one field, k1 .9 b .4", 400, "one", 0.9, 0.4, 0);
run("800 tokens, one field, k1 .9 b .4", 800, "one", 0.9, 0.4, 0);
run("800 tokens, title|text, k1 .9 b .4", 800, "separate", 0.9, 0.4, 0);
run("300 tokens, title|text, k1 .9 b .4", 300, "separate", 0.9, 0.4, 0);
run("300 tokens, one field, k1 1.2 b .75", 300, "one", 1.2, 0.75, 0);
process.exit(0);
