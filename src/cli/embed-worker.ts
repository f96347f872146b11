import { createLibraries } from "../rag/index.js";
import { parseEmbedWorkerArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { createProgressReporter } from "./progress.js";

const USAGE = `usage: npm run embed-worker -- [--follow] [--batch N] [--verbose]

Embeds the passages a PostgreSQL index (INDEX_STORE=postgres) holds without their vectors, after a
lexical-first reindex, sharing the work with every other worker and with the reindex itself: the
shared corpus's index first, then each Discord server's library (DATA_DIR/servers). Run as many as
you have cores or machines; each stops when none is left (--follow: keeps waiting for more, until
Ctrl-C or SIGTERM).`;

runCommand("embed-worker", async (argv) => {
  const args = parseEmbedWorkerArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const config = loadCliConfig(args);
  const { rag, log } = await openRag(config, { verbose: args.verbose });
  const libraries = await createLibraries(
    config,
    rag,
    { adminServers: [], limits: { articles: 0, bytes: 0, sources: 0 }, memoryBudget: 0 },
    { log },
  );
  const progress = createProgressReporter();
  // A stop signal ends the worker after its current batch, its claims given back or written.
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
  try {
    log.info(`embed worker started with ${rag.embedder.id}${args.follow ? ", following new passages" : ""}`);
    const started = performance.now();
    const total = { embedded: 0, embedSeconds: 0, servers: 0 };
    // One pass over every queue (the shared index's, then each server's); --follow passes again until stopped.
    for (;;) {
      const shared = await rag.embedWorker({
        batch: args.batch,
        signal: stop.signal,
        onProgress: ({ pending, atStart }) => progress.onProgress({ phase: "embed", done: Math.max(0, atStart - pending), total: atStart }),
      });
      const servers = await libraries.embedServers({ batch: args.batch, signal: stop.signal });
      total.embedded += shared.embedded + servers.embedded;
      total.embedSeconds += shared.embedSeconds + servers.embedSeconds;
      total.servers = Math.max(total.servers, servers.servers);
      if (!args.follow || stop.signal.aborted) break;
      if (shared.embedded + servers.embedded === 0) await new Promise((r) => setTimeout(r, 1000).unref());
    }
    progress.stop();
    const rate = total.embedSeconds > 0 ? ` (${(total.embedded / total.embedSeconds).toFixed(1)} passages/s while embedding)` : "";
    const where = total.servers ? `, ${total.servers} server librar${total.servers === 1 ? "y" : "ies"} among them` : "";
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`embedded ${total.embedded} passages${where} in ${seconds.toFixed(1)} s${rate}\n`);
  } finally {
    progress.stop();
    await rag.close();
  }
});
