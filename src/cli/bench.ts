import { formatAutocomplete, measureAutocomplete } from "./bench/autocomplete.js";
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CoreConfig } from "../config/index.js";
import { createLogger, createRag, silentLogger } from "../rag/index.js";
import { createUseLiteEmbedder } from "../rag/embeddings/use-lite.js";
import { buildPath, readCurrent } from "../rag/store/local/layout.js";
import { createSyntheticEmbedder, writeScaledCorpus } from "./bench/synthetic.js";
import { loadCliConfig, parseCommandLine, runCommand, UsageError } from "./common.js";
import { loadScifact } from "./eval/scifact.js";
import { splitArticle } from "../rag/split.js";
import { markdownTable } from "./markdown.js";
import { formatStartup, measureStartup } from "./bench/startup.js";
import { formatPostgresScale, measurePostgresScale } from "./bench/postgres-scale.js";
import { formatAddArticle, measureAddArticle } from "./bench/add-article.js";
import { formatEmbedWorkers, measureEmbedWorkers } from "./bench/embed-workers.js";
import { measureResponsiveness, type ResponsivenessRow } from "./bench/responsiveness.js";
import { formatWebSync, measureWebSync } from "./bench/web-sync.js";
import { formatPdf, measurePdf } from "./bench/pdf.js";
import { formatInsights as formatInsightsBench, measureInsights } from "./bench/insights.js";
import { existsSync } from "node:fs";
import { formatServers, measureServers } from "./bench/servers.js";
import { startPglite } from "./pglite.js";

/** The responsiveness table: how long the main thread stalled while each hostile file was added. */
function formatResponsiveness(rows: ResponsivenessRow[]): string[] {
  return markdownTable(
    ["upload", "outcome", "add s", "longest event-loop stall ms", "questions answered meanwhile", "slowest ms"],
    rows.map((r) => [r.upload, r.outcome, r.addSeconds.toFixed(1), r.maxEventLoopStallMs.toFixed(0), r.asksDuring, r.askMaxMs.toFixed(0)]),
  );
}

const USAGE =
  "usage: npm run bench -- [--data DIR] [--news DIR] [--sizes 1000,10000,100000] [--out FILE] [--only responsiveness|startup|add-article|embed-workers|autocomplete|web-sync|pdf|insights|servers] [--store local|postgres] [--servers N] [--memory-mb N]";
const ONLY = ["responsiveness", "startup", "add-article", "embed-workers", "autocomplete", "web-sync", "pdf", "insights", "servers"];
const REPO = join(import.meta.dirname, "../..");
const log = (line: string) => process.stderr.write(`${line}\n`);

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  return total;
}

function runProbe(corpusDir: string, indexDir: string, queries: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    // The probe beside this file: compiled JavaScript when the bench runs from dist/.
    const probe = join(import.meta.dirname, `bench/probe${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`);
    const runner = probe.endsWith(".ts") ? [join(REPO, "node_modules/.bin/tsx")] : [process.execPath];
    const child = spawn(runner[0]!, [probe, corpusDir, indexDir, queries, "300"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`probe exited ${code}`)),
    );
  });
}

/** Writes one part's results as JSON (dated, with the Node version) and prints its table. */
async function printAndSave(out: string, results: Record<string, unknown>, table: string[]): Promise<void> {
  await mkdir(join(out, ".."), { recursive: true });
  await writeFile(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, ...results }, null, 2));
  process.stdout.write(`${table.join("\n")}\n\nJSON: ${out}\n`);
}

runCommand("bench", async (argv) => {
  const { values } = parseCommandLine(argv, {
    data: { type: "string" },
    sizes: { type: "string" },
    out: { type: "string" },
    only: { type: "string" },
    store: { type: "string" },
    news: { type: "string" },
    servers: { type: "string" },
    "memory-mb": { type: "string" },
  });
  if (values.store !== undefined && values.store !== "local" && values.store !== "postgres") {
    throw new UsageError("--store takes local or postgres");
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.only !== undefined && !ONLY.includes(values.only)) throw new UsageError(`--only takes ${ONLY.join(", ")}`);
  if (values.only === "insights") {
    const base = loadCliConfig({});
    const insights = await measureInsights({
      base,
      work: join(REPO, "data/bench/insights"),
      embedder: await createUseLiteEmbedder({ batchSize: 32, threads: 1 }),
    });
    return printAndSave(values.out ?? join(REPO, "bench-results/insights.json"), { insights }, formatInsightsBench(insights));
  }
  if (values.only === "servers") {
    const base = loadCliConfig({});
    const scifact = await loadScifact(values.data ?? join(REPO, "../shared/eval/scifact"));
    const store = values.store === "postgres" ? "postgres" : "local";
    const server = store === "postgres" && !base.index.databaseUrl ? await startPglite() : undefined;
    try {
      const result = await measureServers({
        base,
        work: join(REPO, "data/bench/servers"),
        abstracts: scifact.corpus,
        questions: scifact.queries.map((q) => q.text),
        embedder: createSyntheticEmbedder(await createUseLiteEmbedder({ batchSize: 32, threads: 1 })),
        store,
        databaseUrl: base.index.databaseUrl ?? server?.url,
        servers: values.servers ? Number(values.servers) : undefined,
        memoryBudgetMB: values["memory-mb"] ? Number(values["memory-mb"]) : undefined,
        log,
      });
      return await printAndSave(
        values.out ?? join(REPO, `bench-results/servers-${store}.json`),
        { servers: result },
        formatServers(result),
      );
    } finally {
      server?.child.kill();
    }
  }
  if (values.only === "pdf") {
    const pdf = await measurePdf();
    return printAndSave(values.out ?? join(REPO, "bench-results/pdf.json"), { pdf }, formatPdf(pdf));
  }
  if (values.only === "web-sync") {
    const news = values.news ?? join(REPO, "../shared/eval/news-2025");
    if (!existsSync(join(news, "corpus")))
      throw new UsageError(`the web-sync bench serves news-2025 and found no ${join(news, "corpus")} (give --news DIR)`);
    const base = loadCliConfig({});
    const real = await createUseLiteEmbedder({ batchSize: 32, threads: 1 });
    const result = await measureWebSync({
      base: { ...base, log: { ...base.log, level: "warn" } },
      work: join(REPO, "data/bench/web-sync"),
      dataDir: news,
      embedder: createSyntheticEmbedder(real),
      log: createLogger({ ...base.log, level: "info", autoFormat: "pretty" }),
    });
    return printAndSave(values.out ?? join(REPO, "bench-results/web-sync.json"), { webSync: result }, formatWebSync(result));
  }
  if (values.only === "autocomplete") {
    const rows = measureAutocomplete();
    return printAndSave(values.out ?? join(REPO, "bench-results/autocomplete.json"), { autocomplete: rows }, formatAutocomplete(rows));
  }
  if (values.only === "startup") {
    const rows = await measureStartup(REPO, join(REPO, "data/bench/startup-index"));
    return printAndSave(values.out ?? join(REPO, "bench-results/startup.json"), { startup: rows }, formatStartup(rows));
  }
  const responsivenessConfig = () => {
    const b = loadCliConfig({});
    return { ...b, log: { ...b.log, level: "silent" }, embeddings: { ...b.embeddings, spec: "use-lite" } };
  };
  if (values.only === "responsiveness") {
    const rows = await measureResponsiveness(responsivenessConfig(), join(REPO, "data/bench/responsiveness"), join(REPO, "corpus"));
    return printAndSave(
      values.out ?? join(REPO, "bench-results/responsiveness.json"),
      { responsiveness: rows },
      formatResponsiveness(rows),
    );
  }
  const dataDir = values.data ?? join(REPO, "../shared/eval/scifact");
  const sizes = (values.sizes ?? "1000,10000,100000").split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new UsageError("--sizes takes passage counts of at least 100");
  const base = loadCliConfig({});
  const work = join(REPO, "data/bench");
  const data = await loadScifact(dataDir);
  const queries = join(dataDir, "queries.jsonl");
  const perAbstractOf = () => {
    const sample = data.corpus.slice(0, 300);
    return (
      sample.reduce((n, d) => n + splitArticle({ id: d._id, title: d.title, text: d.text, file: "x" }, base.split).length, 0) /
      sample.length
    );
  };

  /** Real passage vectors to shape synthetic ones around: the pipeline's index, built once. */
  const pipelineBases = async () => {
    const pipelineIndex = join(work, "pipeline", "index");
    if (!(await readCurrent(pipelineIndex))) {
      await writeScaledCorpus(join(work, "pipeline", "corpus"), data.corpus, 1000);
      const config: CoreConfig = {
        ...base,
        log: { ...base.log, level: "silent" },
        corpus: { ...base.corpus, dir: join(work, "pipeline", "corpus") },
        index: { ...base.index, store: "local", dir: pipelineIndex },
        embeddings: { ...base.embeddings, spec: "use-lite" },
      };
      await (await createRag(config, { log: silentLogger, llm: null })).reindex({ full: true });
    }
    const bytes = await readFile(join(buildPath(pipelineIndex, (await readCurrent(pipelineIndex))!), "vectors.f32"));
    const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    return Array.from({ length: vectors.length / 512 }, (_, i) => vectors.subarray(i * 512, (i + 1) * 512));
  };
  const addArticle = async () =>
    measureAddArticle({
      base,
      work,
      abstracts: data.corpus,
      perAbstract: perAbstractOf(),
      target: 10_000,
      real: await createUseLiteEmbedder({ batchSize: 32, threads: 1 }),
      bases: await pipelineBases(),
    });

  if (values.only === "embed-workers") {
    const rows = await measureEmbedWorkers({
      repo: REPO,
      base,
      work,
      abstracts: data.corpus,
      count: 400,
      configs: [
        { workers: 1, threadsEach: 1 },
        { workers: 1, threadsEach: 2 },
        { workers: 2, threadsEach: 1 },
        { workers: 2, threadsEach: 2 },
      ],
      log,
    });
    return printAndSave(values.out ?? join(REPO, "bench-results/embed-workers.json"), { embedWorkers: rows }, formatEmbedWorkers(rows));
  }

  if (values.only === "add-article") {
    const row = await addArticle();
    return printAndSave(values.out ?? join(REPO, "bench-results/add-article.json"), { addArticle: row }, formatAddArticle(row));
  }

  if (values.store === "postgres") {
    const bases = await pipelineBases();
    const result = await measurePostgresScale({
      base,
      work,
      abstracts: data.corpus,
      perAbstract: perAbstractOf(),
      sizes: values.sizes ? sizes : [10000],
      queries,
      real: await createUseLiteEmbedder({ batchSize: 32, threads: 1 }),
      bases,
      log,
    });
    return printAndSave(values.out ?? join(REPO, "bench-results/postgres.json"), { postgres: result }, formatPostgresScale(result));
  }
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

  // 1. The default embedder alone: one thread against one worker per core.
  const texts = data.corpus.slice(0, 256).map((d) => `${d.title}\n${d.text}`);
  const embedSpeed: Record<string, number> = {};
  for (const threads of [1, 0]) {
    const e = await createUseLiteEmbedder({ batchSize: 32, threads: threads || undefined });
    await e.embeddings.embedDocuments(texts.slice(0, 16));
    const t = performance.now();
    await e.embeddings.embedDocuments(texts);
    embedSpeed[threads === 1 ? "oneThread" : "workers"] = texts.length / ((performance.now() - t) / 1000);
  }
  results.embedPassagesPerSecond = embedSpeed;
  log(`USE-lite: ${embedSpeed.oneThread!.toFixed(1)} passages/s on one thread, ${embedSpeed.workers!.toFixed(1)} with workers`);

  // 2. The whole pipeline with the real embedder, on 1,000 SciFact abstracts.
  const pipelineDir = join(work, "pipeline");
  await writeScaledCorpus(join(pipelineDir, "corpus"), data.corpus, 1000);
  const pipelineConfig: CoreConfig = {
    ...base,
    log: { ...base.log, level: "silent" },
    corpus: { ...base.corpus, dir: join(pipelineDir, "corpus") },
    index: { ...base.index, dir: join(pipelineDir, "index") },
    embeddings: { ...base.embeddings, spec: "use-lite" },
  };
  const pipeline = await (await createRag(pipelineConfig, { log: silentLogger, llm: null })).reindex({ full: true });
  results.pipeline = {
    articles: pipeline.articles,
    passages: pipeline.passages,
    seconds: pipeline.seconds,
    passagesPerSecond: pipeline.passagesPerSecond,
    embedPassagesPerSecond: pipeline.embedded / pipeline.embedSeconds,
  };
  log(`pipeline: ${pipeline.passages} passages in ${pipeline.seconds.toFixed(1)} s (${pipeline.passagesPerSecond.toFixed(1)}/s)`);

  // 3. Scale: synthetic passage vectors around the pipeline's real ones, real query model, one child process per size.
  const realBuild = (await readCurrent(pipelineConfig.index.dir))!;
  const realBytes = await readFile(join(buildPath(pipelineConfig.index.dir, realBuild), "vectors.f32"));
  const realVectors = new Float32Array(realBytes.buffer, realBytes.byteOffset, realBytes.byteLength / 4);
  const bases = Array.from({ length: realVectors.length / 512 }, (_, i) => realVectors.subarray(i * 512, (i + 1) * 512));
  const perAbstract = perAbstractOf();
  const real = await createUseLiteEmbedder({ batchSize: 32, threads: 1 });
  const scale: Record<string, unknown>[] = [];
  for (const target of sizes) {
    const dir = join(work, `scale-${target}`);
    const corpusDir = join(dir, "corpus");
    const indexDir = join(dir, "index");
    await writeScaledCorpus(corpusDir, data.corpus, Math.ceil(target / perAbstract));
    const config: CoreConfig = {
      ...base,
      log: { ...base.log, level: "silent" },
      corpus: { ...base.corpus, dir: corpusDir },
      index: { ...base.index, dir: indexDir },
    };
    const rag = await createRag(config, { embedder: createSyntheticEmbedder(real, bases), llm: null });
    const build = await rag.reindex({ full: true });
    const diskMB = (await dirBytes(buildPath(indexDir, (await readCurrent(indexDir))!))) / 1e6;
    const row: Record<string, unknown> = { target, buildSeconds: build.seconds, diskMB, ...(await runProbe(corpusDir, indexDir, queries)) };
    if (target >= 5000 && target <= 20000) {
      // One changed article against a full rebuild, with the same (synthetic) embedder.
      const file = join(corpusDir, "part-0000.jsonl");
      const lines = (await readFile(file, "utf8")).split("\n");
      const first = JSON.parse(lines[0]!);
      lines[0] = JSON.stringify({ ...first, text: `${first.text} One sentence more.` });
      await writeFile(file, lines.join("\n"));
      const t = performance.now();
      const inc = await rag.reindex();
      row.incrementalSeconds = (performance.now() - t) / 1000;
      row.incrementalEmbedded = inc.embedded;
      const f = performance.now();
      await rag.reindex({ full: true });
      row.fullRebuildSeconds = (performance.now() - f) / 1000;
    }
    scale.push(row);
    log(`scale ${target}: ${JSON.stringify(row)}`);
  }
  results.scale = scale;

  // 4. Responsiveness: the main thread while hostile files are added.
  const responsiveness = await measureResponsiveness(responsivenessConfig(), join(work, "responsiveness"), join(REPO, "corpus"));
  results.responsiveness = responsiveness;

  // 5. /add-article's path on a 10k-passage index: until added, until answered from.
  const added = await addArticle();
  results.addArticle = added;

  // 6. The command line's start-up: --help, usage errors, a first answer.
  const startup = await measureStartup(REPO, join(work, "startup-index"));
  results.startup = startup;

  // 7. Autocomplete over 100k article titles.
  const autocomplete = measureAutocomplete();
  results.autocomplete = autocomplete;

  // 8. PDF text extraction, pages per second.
  const pdf = await measurePdf();
  results.pdf = pdf;

  // 9. news-2025 synced from a web site on loopback (when the data is there).
  const news = values.news ?? join(REPO, "../shared/eval/news-2025");
  const webSync = existsSync(join(news, "corpus"))
    ? await measureWebSync({
        base: { ...base, log: { ...base.log, level: "warn" } },
        work: join(work, "web-sync"),
        dataDir: news,
        embedder: createSyntheticEmbedder(await createUseLiteEmbedder({ batchSize: 32, threads: 1 })),
        log: silentLogger,
      })
    : undefined;
  if (webSync) results.webSync = webSync;
  else log(`web sync: skipped (no news-2025 at ${news}; give --news DIR)`);

  // 10. The question log at 100,000 questions: logging one, /insights for 30 days, its size.
  const insights = await measureInsights({
    base,
    work: join(work, "insights"),
    embedder: await createUseLiteEmbedder({ batchSize: 32, threads: 1 }),
  });
  results.insights = insights;

  const out = values.out ?? join(REPO, "bench-results/bench.json");
  await mkdir(join(out, ".."), { recursive: true });
  await writeFile(out, JSON.stringify(results, null, 2));
  const f1 = (x: unknown) => (typeof x === "number" ? x.toFixed(1) : "");
  const f3 = (x: unknown) => (typeof x === "number" ? x.toFixed(3) : "");
  const lines = [
    `USE-lite: ${f1(embedSpeed.oneThread)} passages/s on one thread, ${f1(embedSpeed.workers)} with worker threads`,
    `pipeline (1,000 SciFact abstracts, USE-lite): ${pipeline.passages} passages in ${f1(pipeline.seconds)} s = ${f1(pipeline.passagesPerSecond)} passages/s`,
    "",
    ...markdownTable(
      [
        "passages",
        "build s",
        "disk MB",
        "load s (checksums s)",
        "search p50 / p95 ms",
        "ask p50 / p95 ms",
        "metadata ask first, p50 / p95 ms",
        "HNSW recall@10",
        "RSS MB",
        "1-article reindex s",
        "full rebuild s",
      ],
      scale.map((r) => [
        r.passages,
        f1(r.buildSeconds),
        f1(r.diskMB),
        `${f1(Number(r.loadMs) / 1000)} (${f1(Number(r.checksumMs) / 1000)})`,
        `${f1(r.searchMedianMs)} / ${f1(r.searchP95Ms)}`,
        `${f1(r.askMedianMs)} / ${f1(r.askP95Ms)}`,
        `${f1(r.metadataFirstMs)}, ${f1(r.metadataMedianMs)} / ${f1(r.metadataP95Ms)}`,
        r.hnswRecall10 === null ? "1 (exact scan)" : f3(r.hnswRecall10),
        r.rssMB,
        f1(r.incrementalSeconds),
        f1(r.fullRebuildSeconds),
      ]),
    ),
    "",
    ...formatResponsiveness(responsiveness),
    "",
    ...formatAddArticle(added),
    "",
    ...formatStartup(startup),
    "",
    ...formatAutocomplete(autocomplete),
    "",
    ...formatPdf(pdf),
    "",
    ...(webSync ? [...formatWebSync(webSync), ""] : []),
    ...formatInsightsBench(insights),
    "",
    `JSON: ${out}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
});
