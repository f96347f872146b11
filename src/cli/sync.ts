import { parseSyncArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { formatSyncReport } from "./format-sources.js";
import { createProgressReporter } from "./progress.js";
import { forStdout, toJsonLine } from "./terminal.js";

const USAGE = "usage: npm run sync -- [--corpus DIR] [--index DIR] [--source URL | --due] [--json]";

// Syncs every source once (or one, or those due), for cron and by hand; then embeds what is new.
runCommand("sync", async (argv) => {
  const args = parseSyncArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const { rag } = await openRag(loadCliConfig(args), { verbose: args.verbose });
  await rag.ensureIndex({ update: true });
  const report = await rag.sources.sync({ all: !args.due, only: args.source });
  if (args.json) process.stdout.write(`${toJsonLine(report)}\n`);
  else process.stdout.write(`${forStdout(formatSyncReport(report))}\n`);
  // Searchable already; the process stays to embed the new passages, so the next answer finds them by meaning too.
  const stats = rag.stats();
  if (stats && stats.embedded < stats.passages) {
    const progress = createProgressReporter();
    await rag.reindex({ onProgress: progress.onProgress }).finally(progress.stop);
  }
  if (report.sources.some((s) => s.listing === "failed")) process.exitCode = 1;
});
