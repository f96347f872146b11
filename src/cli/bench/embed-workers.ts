import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type CoreConfig, readEnvironment } from "../../config/index.js";
import { createRag, type Embedder } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";
import { startPglite } from "../pglite.js";
import { writeScaledCorpus } from "./synthetic.js";

export interface EmbedWorkersRow {
  workers: number;
  threadsEach: number;
  passages: number;
  /** From starting the workers to the last one's exit, model loading included. */
  seconds: number;
  passagesPerSecond: number;
  /** What each worker embedded. */
  shares: number[];
}

/**
 * An embedder that stores nothing: the build goes live with every passage waiting for its
 * vector (as if its embedder had stopped), so the workers have all of them to share. Its id is
 * the workers' model's, so they accept the index; queries get a constant vector.
 */
function deferringEmbedder(id: string, dimension: number): Embedder {
  const unit = new Array<number>(dimension).fill(1 / Math.sqrt(dimension));
  return {
    id,
    dimension,
    embeddings: {
      embedDocuments: async () => {
        throw new Error("left to the embed workers");
      },
      embedQuery: async () => unit,
    } as unknown as Embedder["embeddings"],
  };
}

/** Runs `npm run embed-worker` processes against `url` and resolves with what each embedded. */
function runWorkers(repo: string, url: string, corpusDir: string, workers: number, threads: number): Promise<number[]> {
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [join(repo, "bin/run.mjs"), "embed-worker", "--corpus", corpusDir], {
        env: {
          ...readEnvironment(),
          INDEX_STORE: "postgres",
          DATABASE_URL: url,
          EMBEDDINGS: "use-lite",
          EMBEDDINGS_THREADS: String(threads),
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.on("close", (code) => {
        const embedded = /embedded (\d+) passages/.exec(out);
        if (code === 0 && embedded) resolve(Number(embedded[1]));
        else reject(new Error(`embed-worker exited ${code}: ${out}`));
      });
    });
  return Promise.all(Array.from({ length: workers }, one));
}

/**
 * USE-lite embedding throughput through the Postgres store's embed queue: `abstracts` SciFact
 * abstracts stored without vectors on a fresh PGlite server, then embedded by 1 or 2
 * `npm run embed-worker` processes (each with its own worker threads).
 */
export async function measureEmbedWorkers(options: {
  repo: string;
  base: CoreConfig;
  work: string;
  abstracts: { _id: string; title: string; text: string }[];
  count: number;
  configs: { workers: number; threadsEach: number }[];
  log: (line: string) => void;
}): Promise<EmbedWorkersRow[]> {
  const corpusDir = join(options.work, "embed-workers", "corpus");
  rmSync(corpusDir, { recursive: true, force: true });
  await writeScaledCorpus(corpusDir, options.abstracts, options.count);
  const rows: EmbedWorkersRow[] = [];
  for (const { workers, threadsEach } of options.configs) {
    const server = await startPglite();
    try {
      const config: CoreConfig = {
        ...options.base,
        log: { ...options.base.log, level: "silent" },
        corpus: { ...options.base.corpus, dir: corpusDir },
        index: { ...options.base.index, store: "postgres", databaseUrl: server.url },
      };
      const rag = await createRag(config, { embedder: deferringEmbedder("use-lite", 512), llm: null });
      const built = await rag.reindex({ full: true });
      await rag.close();
      const passages = built.embedding?.pending ?? 0;
      const started = performance.now();
      const shares = await runWorkers(options.repo, server.url, corpusDir, workers, threadsEach);
      const seconds = (performance.now() - started) / 1000;
      const row = { workers, threadsEach, passages, seconds, passagesPerSecond: passages / seconds, shares };
      options.log(`embed workers: ${JSON.stringify(row)}`);
      rows.push(row);
    } finally {
      server.child.kill("SIGTERM");
    }
  }
  return rows;
}

export function formatEmbedWorkers(rows: EmbedWorkersRow[]): string[] {
  return markdownTable(
    ["worker processes", "threads each", "passages", "seconds (model loads included)", "passages/s", "each worker's share"],
    rows.map((r) => [r.workers, r.threadsEach, r.passages, r.seconds.toFixed(1), r.passagesPerSecond.toFixed(1), r.shares.join(" + ")]),
  );
}
