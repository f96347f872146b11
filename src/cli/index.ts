import { formatIndexReport } from "./format.js";
import { openRag, parseCommandLine, runCommand } from "./common.js";
import { createProgressReporter } from "./progress.js";
import { forTerminal } from "./terminal.js";

const USAGE = "usage: npm run index -- [--corpus DIR] [--index DIR] [--full]";

runCommand(USAGE, async (argv) => {
  const { values } = parseCommandLine(argv, { full: { type: "boolean" } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const { rag } = await openRag(values);
  const progress = createProgressReporter();
  try {
    const report = await rag.reindex({ full: values.full, onProgress: progress.onProgress });
    progress.stop();
    process.stdout.write(`${forTerminal(formatIndexReport(report))}\n`);
  } finally {
    progress.stop();
  }
});
