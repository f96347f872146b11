import { formatSearchHits, toSearchJson } from "./format.js";
import { openRag, parseCommandLine, parsePositiveInt, runCommand, UsageError } from "./common.js";
import { createProgressReporter } from "./progress.js";
import { forTerminal, toJsonLine } from "./terminal.js";
import type { SearchMode } from "../rag/index.js";

const USAGE = 'usage: npm run search -- [--corpus DIR] [--index DIR] [-k N] [--mode hybrid|dense|bm25] [--json] "query"';
const MODES = ["hybrid", "dense", "bm25"];

runCommand(USAGE, async (argv) => {
  const { values, positionals } = parseCommandLine(argv, {
    k: { type: "string", short: "k" },
    mode: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const query = positionals.join(" ").trim();
  if (!query) throw new UsageError("a query is required");
  if (values.mode && !MODES.includes(values.mode)) throw new UsageError(`--mode must be one of ${MODES.join(", ")}`);
  const k = parsePositiveInt(values.k, "-k");

  const { rag } = await openRag(values);
  const progress = createProgressReporter();
  await rag.ensureIndex({ update: true, onProgress: progress.onProgress }).finally(progress.stop);
  const hits = await rag.search(query, { k, mode: values.mode as SearchMode | undefined });
  process.stdout.write(values.json ? `${toJsonLine(toSearchJson(hits))}\n` : `${forTerminal(formatSearchHits(hits))}\n`);
});
