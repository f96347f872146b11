import { parseEmbedWorkerArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { createProgressReporter } from "./progress.js";

const USAGE = `usage: npm run embed-worker -- [--follow] [--batch N] [--verbose]

Embeds the passages a PostgreSQL index (INDEX_STORE=postgres) holds without their vectors, after a
lexical-first reindex, sharing the work with every other worker and with the reindex itself. Run as
many as you have cores or machines; each stops when none is left (--follow: keeps waiting for more,
until Ctrl-C or SIGTERM).`;

runCommand("embed-worker", async (argv) => {
  const args = parseEmbedWorkerArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const { rag, log } = await openRag(loadCliConfig(args), { verbose: args.verbose });
  const progress = createProgressReporter();
  // A stop signal ends the worker after its current batch, its claims given back or written.
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());
  try {
    log.info(`embed worker started with ${rag.embedder.id}${args.follow ? ", following new passages" : ""}`);
    const result = await rag.embedWorker({
      follow: args.follow,
      batch: args.batch,
      signal: stop.signal,
      onProgress: ({ pending, atStart }) => progress.onProgress({ phase: "embed", done: Math.max(0, atStart - pending), total: atStart }),
    });
    progress.stop();
    const rate = result.embedSeconds > 0 ? ` (${(result.embedded / result.embedSeconds).toFixed(1)} passages/s while embedding)` : "";
    process.stdout.write(`embedded ${result.embedded} passages in ${result.seconds.toFixed(1)} s${rate}\n`);
  } finally {
    progress.stop();
    await rag.close();
  }
});
