import { spawn } from "node:child_process";
import { join } from "node:path";
import type { CoreConfig } from "../../config/index.js";
import { createRag, type Embedder } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";
import { startPglite } from "../pglite.js";
import { createSyntheticEmbedder, writeScaledCorpus } from "./synthetic.js";

export interface PostgresScaleRow {
  target: number;
  buildSeconds: number;
  passages: number;
  loadMs: number;
  searchMedianMs: number;
  searchP95Ms: number;
  askMedianMs: number;
  askP95Ms: number;
  denseRecall10: number;
  rssMB: number;
  qps1: number;
  qps4: number;
}

function runProbe(corpusDir: string, databaseUrl: string, queries: string): Promise<Omit<PostgresScaleRow, "target" | "buildSeconds">> {
  const probe = join(import.meta.dirname, `probe-postgres${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`);
  const child = spawn(process.execPath, [probe, corpusDir, databaseUrl, queries, "300"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`probe exited ${code}`)),
    ),
  );
}

/**
 * The Postgres store at each size: build time (synthetic vectors around real ones, as the local
 * bench does), then, in a probe process of its own, latency, dense recall@10 against an exact
 * scan, Footnote's RSS (the index lives in the database) and throughput. Uses DATABASE_URL when
 * set, else a PGlite server started here (one query at a time: a native server is faster).
 */
export async function measurePostgresScale(options: {
  base: CoreConfig;
  work: string;
  abstracts: { _id: string; title: string; text: string }[];
  perAbstract: number;
  sizes: number[];
  queries: string;
  real: Embedder;
  bases: Float32Array[];
  log: (line: string) => void;
}): Promise<{ engine: string; rows: PostgresScaleRow[] }> {
  const server = options.base.index.databaseUrl ? undefined : await startPglite();
  const url = options.base.index.databaseUrl ?? server!.url;
  try {
    const rows: PostgresScaleRow[] = [];
    for (const target of options.sizes) {
      const corpusDir = join(options.work, `postgres-${target}`, "corpus");
      await writeScaledCorpus(corpusDir, options.abstracts, Math.ceil(target / options.perAbstract));
      const config: CoreConfig = {
        ...options.base,
        log: { ...options.base.log, level: "silent" },
        corpus: { ...options.base.corpus, dir: corpusDir },
        index: { ...options.base.index, store: "postgres", databaseUrl: url },
      };
      const rag = await createRag(config, { embedder: createSyntheticEmbedder(options.real, options.bases), llm: null });
      const build = await rag.reindex({ full: true });
      await rag.close();
      const row = { target, buildSeconds: build.seconds, ...(await runProbe(corpusDir, url, options.queries)) };
      options.log(`postgres ${target}: ${JSON.stringify(row)}`);
      rows.push(row);
    }
    return { engine: server ? "PGlite 0.5.14 (PostgreSQL 18.6, WebAssembly), separate process" : "DATABASE_URL", rows };
  } finally {
    server?.child.kill("SIGTERM");
  }
}

export function formatPostgresScale(result: { engine: string; rows: PostgresScaleRow[] }): string[] {
  const f1 = (x: number) => x.toFixed(1);
  return [
    `Postgres store on ${result.engine}:`,
    "",
    ...markdownTable(
      [
        "passages",
        "build s",
        "load s",
        "search p50 / p95 ms",
        "ask p50 / p95 ms",
        "dense recall@10",
        "Footnote RSS MB",
        "searches/s, 1 / 4 clients",
      ],
      result.rows.map((r) => [
        r.passages,
        f1(r.buildSeconds),
        f1(r.loadMs / 1000),
        `${f1(r.searchMedianMs)} / ${f1(r.searchP95Ms)}`,
        `${f1(r.askMedianMs)} / ${f1(r.askP95Ms)}`,
        r.denseRecall10.toFixed(3),
        r.rssMB,
        `${f1(r.qps1)} / ${f1(r.qps4)}`,
      ]),
    ),
  ];
}
