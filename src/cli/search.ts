import { checkLength, parseSearchArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { formatSearchHits, toSearchJson } from "./format.js";
import { createProgressReporter } from "./progress.js";
import { forStdout, toJsonLine } from "./terminal.js";

const USAGE = 'usage: npm run search -- [--corpus DIR] [--index DIR] [-k N] [--mode hybrid|dense|bm25] [--json] [--verbose] "query"';

runCommand("search", async (argv) => {
  const args = parseSearchArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const config = loadCliConfig(args);
  checkLength(args.query, "query", config.answer.maxQuestionChars);
  const { rag } = await openRag(config, { verbose: args.verbose });
  const progress = createProgressReporter();
  await rag.ensureIndex({ update: true, onProgress: progress.onProgress }).finally(progress.stop);
  const hits = await rag.search(args.query, { k: args.k, mode: args.mode });
  process.stdout.write(args.json ? `${toJsonLine(toSearchJson(hits))}\n` : `${forStdout(formatSearchHits(hits, args.query))}\n`);
});
