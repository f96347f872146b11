// Run by `npm run bench` in a child process per index size, so each size's memory is measured alone.
// Loads an index, then measures search and ask latency, HNSW recall@10 against exact search, and RSS.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCoreConfig, readEnvironment } from "../../config/index.js";
import { createRag } from "../../rag/index.js";
import { createUseLiteEmbedder } from "../../rag/embeddings/use-lite.js";
import { buildPath, FILES, readCurrent } from "../../rag/store/local/layout.js";
import { readPassages } from "../../rag/store/local/snapshot.js";
import { VectorIndex } from "../../rag/store/local/vectors.js";
import { CHECKED_FILES, findDamage } from "../../rag/store/local/checksums.js";
import { quantile, readQueries, searchAndAskLatency, time } from "./latency.js";
import { createSyntheticEmbedder } from "./synthetic.js";

const [corpusDir, indexDir, queriesFile, count] = process.argv.slice(2) as [string, string, string, string];

const real = await createUseLiteEmbedder({ batchSize: 32, threads: 1 });
const embedder = createSyntheticEmbedder(real);
// The probe uses the same settings as the bench (environment and .env), with its own directories.
const env = readEnvironment();
const config = loadCoreConfig({ ...env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: "silent" });
const rag = await createRag(config, { embedder, llm: null });
const loadStarted = performance.now();
await rag.ensureIndex();
const loadMs = performance.now() - loadStarted;
// Of which: checking every served file against its checksum (a second read, from the page cache).
const manifest = JSON.parse(readFileSync(join(buildPath(indexDir, (await readCurrent(indexDir))!), FILES.manifest), "utf8"));
const checkStarted = performance.now();
await findDamage(
  buildPath(indexDir, (await readCurrent(indexDir))!),
  manifest.checksums,
  // What loading checks: a build with a graph serves it, a small one (no graph) its vectors.
  manifest.checksums[CHECKED_FILES.hnswIndex]
    ? Object.values(CHECKED_FILES).filter((f) => f !== CHECKED_FILES.vectors)
    : Object.values(CHECKED_FILES).filter((f) => !f.startsWith("hnsw/")),
);
const checksumMs = performance.now() - checkStarted;
const queries = readQueries(queriesFile, Number(count));

const { search, ask } = await searchAndAskLatency(rag, queries);
// Metadata questions ("who wrote the article about …") take another path: the article records.
// The first one after a load is reported apart (the metadata index is built when the index loads).
const articles = rag.listArticles().slice(0, 51);
const metadata: number[] = [];
for (const a of articles)
  metadata.push(await time(() => rag.ask(`Who wrote the article about ${a.title.split(" ").slice(0, 6).join(" ")}?`)));
const metadataFirstMs = metadata.shift()!;
// Peak memory while serving: the model, the index and the queries (the recall check below loads more).
const servingRssMB = Math.round(process.resourceUsage().maxRSS / 1024);

// HNSW recall@10: the graph's top 10 against an exact scan of every vector, for real query vectors.
const name = (await readCurrent(indexDir))!;
const stats = rag.stats()!;
const dim = stats.dimension;
const bytes = readFileSync(join(buildPath(indexDir, name), FILES.vectors));
const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
// A small build has no graph: it is searched exactly, so its recall is 1 by construction.
const graph = manifest.checksums[CHECKED_FILES.hnswIndex]
  ? await VectorIndex.load(join(buildPath(indexDir, name), FILES.hnsw), embedder.embeddings)
  : undefined;
const passages = await readPassages(buildPath(indexDir, name));
let found = 0;
const recallQueries = graph ? queries.slice(0, 50) : [];
for (const q of recallQueries) {
  const v = await real.embeddings.embedQuery(q);
  const exact: { i: number; s: number }[] = [];
  for (let i = 0; i < passages.length; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += v[d]! * vectors[i * dim + d]!;
    exact.push({ i, s });
  }
  exact.sort((a, b) => b.s - a.s);
  const truth = new Set(exact.slice(0, 10).map((e) => passages[e.i]!.id));
  const approx = await graph!.query(v, 10, config.search.efSearch);
  found += approx.filter((a) => truth.has(a.id)).length;
}

process.stdout.write(
  `${JSON.stringify({
    passages: stats.passages,
    articles: stats.articles,
    searchMedianMs: quantile(search, 0.5),
    searchP95Ms: quantile(search, 0.95),
    askMedianMs: quantile(ask, 0.5),
    askP95Ms: quantile(ask, 0.95),
    metadataFirstMs,
    metadataMedianMs: quantile(metadata, 0.5),
    metadataP95Ms: quantile(metadata, 0.95),
    hnswRecall10: graph ? found / (recallQueries.length * 10) : null,
    rssMB: servingRssMB,
    loadMs,
    checksumMs,
  })}\n`,
);
process.exit(0);
