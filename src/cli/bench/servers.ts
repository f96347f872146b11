import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { CoreConfig } from "../../config/index.js";
import { createLibraries, createRag, type Embedder, type Libraries, type Rag, silentLogger } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";
import { writeScaledCorpus } from "./synthetic.js";

export interface ServersBenchResult {
  store: "local" | "postgres";
  servers: number;
  articlesPerServer: number;
  sharedArticles: number;
  memoryBudgetMB: number;
  /** Building the shared index, then every server's (each on its first question). */
  sharedBuildSeconds: number;
  serverBuildsSeconds: number;
  /** The first answer in a server whose library is not loaded (load and answer), p50 and p95 over a sample. */
  coldFirstAnswerP50Ms: number;
  coldFirstAnswerP95Ms: number;
  /** Questions spread over every server, the budget holding (a cold server loads on its question). */
  asks: number;
  askP50Ms: number;
  askP95Ms: number;
  /** Of those, the questions to a server whose library was loaded already. */
  warmAsks: number;
  warmAskP95Ms: number;
  loadedAtEnd: number;
  /** The same questions while one server (of `bigServerArticles`) reindexes from scratch. */
  bigServerArticles: number;
  reindexSeconds: number;
  askDuringReindexP95Ms: number;
  askDuringReindexCount: number;
  /** The longest the event loop was held during the reindex (what an answer waits behind). */
  longestStallDuringReindexMs: number;
  /** The process's resident memory at its highest (sampled every 100 ms), and at the end. */
  rssPeakMB: number;
  /**
   * The highest while serving: after the builds, once the parsing worker threads (alive while
   * articles are parsed, retired when idle) have gone, as in a bot that is not taking in articles.
   */
  rssServingPeakMB: number;
  rssEndMB: number;
}

type Abstract = { _id: string; title: string; text: string };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const serverId = (i: number) => String(300000000000000000n + BigInt(i));

/** A server's library: `count` abstracts from its own slice of the pool, as one jsonl file. */
async function writeServerCorpus(dir: string, abstracts: Abstract[], i: number, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const lines = Array.from({ length: count }, (_, k) => {
    const a = abstracts[(i * count + k) % abstracts.length]!;
    return JSON.stringify({ id: `s${i}-${k}`, title: `${a.title} (server ${i})`, text: a.text });
  });
  await writeFile(join(dir, "library.jsonl"), lines.join("\n"));
}

async function timedAsk(libraries: Libraries, server: string, question: string): Promise<number> {
  const started = performance.now();
  const { rag } = await libraries.forServer(server);
  await rag.ask(question);
  return performance.now() - started;
}

/**
 * One bot for many servers: `servers` libraries of `perServer` articles beside a shared corpus of
 * `sharedArticles` (SciFact abstracts, synthetic passage vectors, USE-lite for questions), all in
 * this one process as the bot holds them, under the memory budget.
 */
export async function measureServers(options: {
  base: CoreConfig;
  work: string;
  abstracts: Abstract[];
  questions: string[];
  embedder: Embedder;
  store: "local" | "postgres";
  databaseUrl?: string;
  servers?: number;
  perServer?: number;
  sharedArticles?: number;
  bigServerArticles?: number;
  memoryBudgetMB?: number;
  log: (line: string) => void;
}): Promise<ServersBenchResult> {
  const servers = options.servers ?? 1000;
  const perServer = options.perServer ?? 20;
  const sharedArticles = options.sharedArticles ?? 5000;
  const bigServerArticles = options.bigServerArticles ?? 2000;
  const memoryBudgetMB = options.memoryBudgetMB ?? 512;
  await rm(options.work, { recursive: true, force: true });
  const config: CoreConfig = {
    ...options.base,
    log: { ...options.base.log, level: "warn" },
    dataDir: join(options.work, "data"),
    corpus: { ...options.base.corpus, dir: join(options.work, "shared") },
    index: {
      ...options.base.index,
      dir: join(options.work, "index"),
      store: options.store,
      databaseUrl: options.databaseUrl,
      tablePrefix: "bench",
    },
  };
  await writeScaledCorpus(config.corpus.dir, options.abstracts, sharedArticles);
  for (let i = 0; i < servers; i++)
    await writeServerCorpus(join(config.dataDir, "servers", serverId(i), "corpus"), options.abstracts, i, perServer);
  // The big server: one more library, large enough that its reindex takes a while.
  const big = serverId(servers);
  await writeServerCorpus(join(config.dataDir, "servers", big, "corpus"), options.abstracts, servers, bigServerArticles);

  let rssPeak = 0;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 100);
  const deps = { llm: null, log: silentLogger };
  const rags: Rag[] = [];
  try {
    let started = performance.now();
    const shared = await createRag(config, { ...deps, embedder: options.embedder });
    rags.push(shared);
    await shared.ensureIndex();
    const sharedBuildSeconds = (performance.now() - started) / 1000;
    options.log(`shared index of ${sharedArticles} articles built in ${sharedBuildSeconds.toFixed(1)} s`);
    const limits = { articles: bigServerArticles, bytes: 1024 ** 3, sources: 10 };
    const open = () => createLibraries(config, shared, { adminServers: [], limits, memoryBudget: memoryBudgetMB * 1024 * 1024 }, deps);
    // Every server's first question builds its index.
    const building = await open();
    started = performance.now();
    for (let i = 0; i <= servers; i++) {
      await building.forServer(serverId(i));
      if (i % 100 === 99) options.log(`built ${i + 1} server libraries`);
    }
    const serverBuildsSeconds = (performance.now() - started) / 1000;
    await building.close();
    // The parsing workers retire after 30 s idle; serving is measured from then on.
    await new Promise((resolve) => setTimeout(resolve, 31_000));
    const buildPeak = rssPeak;
    rssPeak = 0;

    // A fresh bot: nothing loaded. The first answer in each of a sample of servers.
    const libraries = await open();
    const question = (i: number) => options.questions[i % options.questions.length]!;
    const cold: number[] = [];
    for (let i = 0; i < Math.min(100, servers); i++) cold.push(await timedAsk(libraries, serverId((i * 37) % servers), question(i)));

    // Questions across every server, the budget holding.
    const asks = Math.max(2000, servers * 2);
    const times: number[] = [];
    const warmTimes: number[] = [];
    for (let i = 0; i < asks; i++) {
      const id = serverId((i * 7919) % servers);
      const warm = libraries.loaded().includes(id);
      const ms = await timedAsk(libraries, id, question(i));
      times.push(ms);
      if (warm) warmTimes.push(ms);
    }
    options.log(`${asks} questions across ${servers} servers: p95 ${percentile(times, 95).toFixed(0)} ms`);

    // One server reindexes from scratch while the others ask.
    const { rag: bigRag } = await libraries.forServer(big);
    const during: number[] = [];
    started = performance.now();
    let reindexing = true;
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const reindex = bigRag.reindex({ full: true }).finally(() => {
      reindexing = false;
    });
    for (let i = 0; reindexing; i++) during.push(await timedAsk(libraries, serverId((i * 104729) % servers), question(i + 7)));
    await reindex;
    stalls.disable();
    const reindexSeconds = (performance.now() - started) / 1000;
    const loadedAtEnd = libraries.loaded().length;
    await libraries.close();
    return {
      store: options.store,
      servers,
      articlesPerServer: perServer,
      sharedArticles,
      memoryBudgetMB,
      sharedBuildSeconds,
      serverBuildsSeconds,
      coldFirstAnswerP50Ms: percentile(cold, 50),
      coldFirstAnswerP95Ms: percentile(cold, 95),
      asks,
      askP50Ms: percentile(times, 50),
      askP95Ms: percentile(times, 95),
      warmAsks: warmTimes.length,
      warmAskP95Ms: percentile(warmTimes, 95),
      loadedAtEnd,
      bigServerArticles,
      reindexSeconds,
      askDuringReindexP95Ms: percentile(during, 95),
      askDuringReindexCount: during.length,
      longestStallDuringReindexMs: stalls.max / 1e6,
      rssPeakMB: Math.max(buildPeak, rssPeak) / 1024 / 1024,
      rssServingPeakMB: rssPeak / 1024 / 1024,
      rssEndMB: process.memoryUsage().rss / 1024 / 1024,
    };
  } finally {
    clearInterval(sampler);
    await Promise.allSettled(rags.map((r) => r.close()));
  }
}

export function formatServers(r: ServersBenchResult): string[] {
  return markdownTable(
    ["measure", "value"],
    [
      ["store", r.store],
      ["servers × articles, beside a shared corpus of", `${r.servers} × ${r.articlesPerServer}, ${r.sharedArticles}`],
      ["memory budget for server libraries", `${r.memoryBudgetMB} MB`],
      ["shared index build", `${r.sharedBuildSeconds.toFixed(1)} s`],
      ["every server's first build", `${r.serverBuildsSeconds.toFixed(1)} s`],
      ["first answer in a server not loaded, p50 / p95", `${r.coldFirstAnswerP50Ms.toFixed(0)} / ${r.coldFirstAnswerP95Ms.toFixed(0)} ms`],
      [`ask across servers (${r.asks}), p50 / p95`, `${r.askP50Ms.toFixed(0)} / ${r.askP95Ms.toFixed(0)} ms`],
      [`of which to a library loaded already (${r.warmAsks}), p95`, `${r.warmAskP95Ms.toFixed(0)} ms`],
      ["libraries loaded at the end", String(r.loadedAtEnd)],
      [
        `ask p95 while a ${r.bigServerArticles}-article server reindexes (${r.reindexSeconds.toFixed(1)} s, ${r.askDuringReindexCount} asks)`,
        `${r.askDuringReindexP95Ms.toFixed(0)} ms`,
      ],
      ["longest event-loop stall during that reindex", `${r.longestStallDuringReindexMs.toFixed(0)} ms`],
      ["RSS peak while serving (parsing workers retired)", `${r.rssServingPeakMB.toFixed(0)} MB`],
      ["RSS peak / end", `${r.rssPeakMB.toFixed(0)} / ${r.rssEndMB.toFixed(0)} MB`],
    ],
  );
}
