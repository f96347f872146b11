// What a serving process holds for the shared corpus and for each server library loaded, apart from
// building them: uses the libraries `npm run bench -- --only servers` wrote (data/bench/servers).
// Usage: NODE_OPTIONS="--import tsx" node --expose-gc scripts/library-memory.ts [local|postgres] [LIBRARIES]
// (postgres: a PGlite server is started in a process of its own and the indexes built in it first).
import { join } from "node:path";
import { startPglite } from "../src/cli/pglite.js";
import { createSyntheticEmbedder } from "../src/cli/bench/synthetic.js";
import { loadCliConfig } from "../src/cli/common.js";
import { createUseLiteEmbedder } from "../src/rag/embeddings/use-lite.js";
import { createLibraries, createRag, silentLogger } from "../src/rag/index.js";

const store = process.argv[2] === "postgres" ? "postgres" : "local";
const count = Number(process.argv[3] ?? 60);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const server = store === "postgres" ? await startPglite() : undefined;
const work = join(import.meta.dirname, "../data/bench/servers");
const base = loadCliConfig({});
const config = {
  ...base,
  log: { ...base.log, level: "warn" as const },
  dataDir: join(work, "data"),
  corpus: { ...base.corpus, dir: join(work, "shared") },
  index: { ...base.index, dir: join(work, "index"), store, databaseUrl: server?.url, tablePrefix: "memprobe" },
} as typeof base;
const memory = (label: string) => {
  gc();
  const m = process.memoryUsage();
  console.log(
    `${label}: RSS ${Math.round(m.rss / 2 ** 20)} MB, heap ${Math.round(m.heapUsed / 2 ** 20)} MB, external ${Math.round(m.external / 2 ** 20)} MB`,
  );
  return m;
};
const idle = () => new Promise((resolve) => setTimeout(resolve, 31_000)); // parsing workers retire after 30 s
const question = "Does vitamin D prevent fractures?";
const embedder = createSyntheticEmbedder(await createUseLiteEmbedder({ batchSize: 32, threads: 1 }));
const shared = await createRag(config, { llm: null, log: silentLogger, embedder });
await shared.ensureIndex();
const libraries = await createLibraries(
  config,
  shared,
  { adminServers: [], limits: { articles: 2000, bytes: 1e9, sources: 10 }, memoryBudget: 1e12 },
  { llm: null, log: silentLogger },
);
const id = (i: number) => String(300000000000000000n + BigInt(i));
// Built (postgres) or loaded once, then closed: what follows loads them as a serving process does.
for (let i = 0; i < count; i++) await (await libraries.forServer(id(i))).rag.ask(question);
await libraries.close();
await idle();
for (let i = 0; i < 20; i++) await shared.ask(question);
const before = memory("shared corpus served, 20 questions asked");
const serving = await createLibraries(
  config,
  shared,
  { adminServers: [], limits: { articles: 2000, bytes: 1e9, sources: 10 }, memoryBudget: 1e12 },
  { llm: null, log: silentLogger },
);
for (let i = 0; i < count; i++) await (await serving.forServer(id(i))).rag.ask(question);
const after = memory(`${count} server libraries loaded`);
console.log(
  `per library: RSS ${((after.rss - before.rss) / count / 2 ** 20).toFixed(2)} MB, heap ${((after.heapUsed - before.heapUsed) / count / 2 ** 20).toFixed(2)} MB`,
);
await serving.close();
await shared.close();
server?.child.kill();
process.exit(0);
