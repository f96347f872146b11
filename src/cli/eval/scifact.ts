import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Document } from "@langchain/core/documents";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { CoreConfig } from "../../config/index.js";
import { createRag, type Logger, type Rag, type SearchMode } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";
import { documentsFromPassages, meanScores, scoreRanking, type RetrievalScores } from "./metrics.js";

/** Published figures on the same 300 test queries (see the data folder's README). */
const PUBLISHED = [
  { system: "BM25, title+text in one field (Anserini)", ndcg10: 0.6789, recall100: 0.9253 },
  { system: "BM25, title and text as separate fields (BEIR paper)", ndcg10: 0.6647, recall100: 0.9076 },
  { system: "all-MiniLM-L6-v2 (MTEB)", ndcg10: 0.6451, recall10: 0.7833, recall100: 0.925 },
  { system: "all-mpnet-base-v2 (MTEB)", ndcg10: 0.6557, recall10: 0.7901, recall100: 0.9417 },
];

interface Scifact {
  corpus: { _id: string; title: string; text: string }[];
  queries: { id: string; text: string; relevant: Set<string> }[];
  hash: string;
}

/** Reads BEIR SciFact: the corpus, and the test queries with their relevant abstracts. */
export async function loadScifact(dataDir: string): Promise<Scifact> {
  const raw = await readFile(join(dataDir, "corpus.jsonl"), "utf8");
  const corpus = raw
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const texts = new Map(
    (await readFile(join(dataDir, "queries.jsonl"), "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .map((q: { _id: string; text: string }) => [q._id, q.text]),
  );
  const relevant = new Map<string, Set<string>>();
  for (const line of (await readFile(join(dataDir, "qrels/test.tsv"), "utf8")).split("\n").slice(1)) {
    const [qid, docId, score] = line.split("\t");
    if (!qid || !docId || Number(score) <= 0) continue;
    relevant.set(qid, (relevant.get(qid) ?? new Set()).add(docId));
  }
  const queries = [...relevant.entries()].map(([id, rel]) => ({ id, text: texts.get(id) ?? "", relevant: rel }));
  return { corpus, queries, hash: createHash("sha256").update(raw).digest("hex").slice(0, 16) };
}

/** Writes SciFact as a corpus file in the project's jsonl format (title + text per abstract). */
async function prepareCorpus(data: Scifact, workDir: string): Promise<string> {
  const dir = join(workDir, `corpus-${data.hash}`);
  const file = join(dir, "scifact.jsonl");
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true });
    await writeFile(file, data.corpus.map((d) => JSON.stringify({ id: d._id, title: d.title, text: d.text })).join("\n"));
  }
  return dir;
}

async function evaluateMode(rag: Rag, data: Scifact, mode: SearchMode): Promise<RetrievalScores> {
  const scores: RetrievalScores[] = [];
  for (const q of data.queries) {
    const hits = await rag.search(q.text, { mode, k: 100, maxPerArticle: 1 });
    scores.push(scoreRanking(documentsFromPassages(hits.map((h) => h.article.id)), q.relevant));
  }
  return meanScores(scores);
}

/**
 * The plain LangChain pipeline as its tutorials build it: the same embedder,
 * RecursiveCharacterTextSplitter with its defaults, HNSWLib.similaritySearch, no BM25.
 */
async function evaluateLangchainBaseline(rag: Rag, data: Scifact, workDir: string, log: Logger): Promise<RetrievalScores> {
  const dir = join(workDir, `langchain-${rag.embedder.id.replace(/[^\w.-]+/g, "_")}-${data.hash}`);
  let store: HNSWLib;
  if (existsSync(join(dir, "hnswlib.index"))) store = await HNSWLib.load(dir, rag.embedder.embeddings);
  else {
    const splitter = new RecursiveCharacterTextSplitter();
    const docs = await splitter.splitDocuments(
      data.corpus.map((d) => new Document({ pageContent: `${d.title} ${d.text}`, metadata: { id: d._id } })),
    );
    log.info(`LangChain baseline: embedding ${docs.length} chunks`);
    store = await HNSWLib.fromDocuments(docs, rag.embedder.embeddings);
    await store.save(dir);
  }
  const scores: RetrievalScores[] = [];
  for (const q of data.queries) {
    const docs = await store.similaritySearch(q.text, 300);
    scores.push(scoreRanking(documentsFromPassages(docs.map((d) => String(d.metadata.id))), q.relevant));
  }
  return meanScores(scores);
}

export interface ScifactReport {
  corpus: { abstracts: number; passages: number; embedder: string; indexSeconds?: number };
  modes: Partial<Record<SearchMode | "langchain", RetrievalScores>>;
}

/** Indexes SciFact with the project's pipeline (cached under `workDir`) and scores each mode. */
export async function evaluateScifact(
  config: CoreConfig,
  options: { dataDir: string; workDir: string; modes: SearchMode[]; baseline: boolean; log: Logger },
): Promise<ScifactReport> {
  const data = await loadScifact(options.dataDir);
  const corpusDir = await prepareCorpus(data, options.workDir);
  const evalConfig: CoreConfig = {
    ...config,
    corpus: { ...config.corpus, dir: corpusDir, maxArticleBytes: 1024 * 1024 * 1024 },
    index: { ...config.index, dir: join(options.workDir, `index-${data.hash}`) },
  };
  const rag = await createRag(evalConfig, { log: options.log });
  const built = await rag.ensureIndex({ update: true });
  const stats = rag.stats()!;
  const report: ScifactReport = {
    corpus: { abstracts: stats.articles, passages: stats.passages, embedder: stats.embedder, indexSeconds: built?.seconds },
    modes: {},
  };
  for (const mode of options.modes) report.modes[mode] = await evaluateMode(rag, data, mode);
  if (options.baseline) report.modes.langchain = await evaluateLangchainBaseline(rag, data, options.workDir, options.log);
  return report;
}

/** The scores beside the published ones, as a markdown table. */
export function formatScifactReport(r: ScifactReport): string {
  const f = (x?: number) => (x === undefined ? "" : x.toFixed(4));
  const rows = markdownTable(
    ["system", "nDCG@10", "Recall@10", "Recall@100", "MRR@10"],
    [
      ...Object.entries(r.modes).map(([mode, s]) => [
        `footnote ${mode === "langchain" ? "— plain LangChain baseline" : mode}`,
        f(s.ndcg10),
        f(s.recall10),
        f(s.recall100),
        f(s.mrr10),
      ]),
      ...PUBLISHED.map((p) => [`published: ${p.system}`, f(p.ndcg10), f((p as { recall10?: number }).recall10), f(p.recall100), ""]),
    ],
  );
  const built = r.corpus.indexSeconds === undefined ? "index reused" : `index built in ${r.corpus.indexSeconds.toFixed(1)} s`;
  return [
    `SciFact test: 300 queries, ${r.corpus.abstracts} abstracts as ${r.corpus.passages} passages, embedder ${r.corpus.embedder}, ${built}`,
    "",
    ...rows,
  ].join("\n");
}
