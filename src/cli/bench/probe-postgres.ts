import pg from "pg";
import { loadCoreConfig, readEnvironment } from "../../config/index.js";
import { createRag } from "../../rag/index.js";
import { createUseLiteEmbedder } from "../../rag/embeddings/use-lite.js";
import { quantile, readQueries, searchAndAskLatency } from "./latency.js";
import { createSyntheticEmbedder } from "./synthetic.js";

const [corpusDir, databaseUrl, queriesFile, count] = process.argv.slice(2) as [string, string, string, string];

const real = await createUseLiteEmbedder({ batchSize: 32, threads: 1 });
const embedder = createSyntheticEmbedder(real);
const env = readEnvironment();
const config = loadCoreConfig({
  ...env,
  CORPUS_DIR: corpusDir,
  INDEX_STORE: "postgres",
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: "silent",
});
const rag = await createRag(config, { embedder, llm: null });
const loadStarted = performance.now();
await rag.ensureIndex();
const loadMs = performance.now() - loadStarted;
const queries = readQueries(queriesFile, Number(count));

const { search, ask } = await searchAndAskLatency(rag, queries);
const servingRssMB = Math.round(process.resourceUsage().maxRSS / 1024);

/** Searches per second with `clients` running at once, for `seconds`. */
async function throughput(clients: number, seconds: number): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; performance.now() < until; i += clients) {
        await rag.search(queries[i % queries.length]!);
        done++;
      }
    }),
  );
  return done / seconds;
}
const qps1 = await throughput(1, 10);
const qps4 = await throughput(4, 10);

// Dense recall@10: the HNSW index's top 10 against an exact scan (index scans off) in the database.
const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const live = (await client.query("SELECT generation FROM footnote_live")).rows[0].generation;
const table = `footnote_g${Number(live)}_passages`;
let found = 0;
const recallQueries = queries.slice(0, 50);
for (const q of recallQueries) {
  const v = `[${(await real.embeddings.embedQuery(q)).join(",")}]`;
  await client.query("BEGIN");
  await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, config.search.efSearch)}`);
  const approx = (await client.query(`SELECT id FROM ${table} ORDER BY embedding <=> $1::vector LIMIT 10`, [v])).rows;
  await client.query("SET LOCAL enable_indexscan = off");
  const exact = (await client.query(`SELECT id FROM ${table} ORDER BY embedding <=> $1::vector LIMIT 10`, [v])).rows;
  await client.query("COMMIT");
  const truth = new Set(exact.map((r) => r.id));
  found += approx.filter((r) => truth.has(r.id)).length;
}
await client.end();
const stats = rag.stats()!;
await rag.close();

process.stdout.write(
  `${JSON.stringify({
    passages: stats.passages,
    articles: stats.articles,
    loadMs,
    searchMedianMs: quantile(search, 0.5),
    searchP95Ms: quantile(search, 0.95),
    askMedianMs: quantile(ask, 0.5),
    askP95Ms: quantile(ask, 0.95),
    denseRecall10: found / (recallQueries.length * 10),
    rssMB: servingRssMB,
    qps1,
    qps4,
  })}\n`,
);
process.exit(0);
