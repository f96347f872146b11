import { parseIndexArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { formatIndexReport } from "./format.js";
import { createProgressReporter } from "./progress.js";
import { forStdout } from "./terminal.js";

const USAGE = "usage: npm run index -- [--corpus DIR] [--index DIR] [--full] [--verbose]";

runCommand("index", async (argv) => {
  const args = parseIndexArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const { rag } = await openRag(loadCliConfig(args), { verbose: args.verbose });
  const progress = createProgressReporter();
  try {
    const report = await rag.reindex({
      full: args.full,
      onProgress: progress.onProgress,
      // The first moment: the new articles can be found (by their words) while the rest embeds.
      onSearchable: (r) => process.stderr.write(`searchable: ${r.articles} articles after ${r.seconds.toFixed(1)} s\n`),
    });
    progress.stop();
    process.stdout.write(`${forStdout(formatIndexReport(report))}\n`);
    // Searchable, but not all by meaning: a run to repeat, so not a success.
    if (report.embedding) process.exitCode = 1;
  } finally {
    progress.stop();
  }
});
