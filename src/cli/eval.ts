import { evaluateQa, formatQaReport, loadQaFile } from "./eval/qa.js";
import { openRag, parseCommandLine, runCommand, UsageError } from "./common.js";

const USAGE = "usage: npm run eval -- qa FILE.jsonl [--corpus DIR] [--index DIR] [--json] [--verbose]";

runCommand(USAGE, async (argv) => {
  const { values, positionals } = parseCommandLine(argv, { json: { type: "boolean" }, verbose: { type: "boolean", short: "v" } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const [task, file] = positionals;
  if (task !== "qa" || !file) throw new UsageError("name a task: qa FILE.jsonl");
  const items = loadQaFile(file);
  const { rag } = await openRag(values);
  await rag.ensureIndex({ update: true });
  const report = await evaluateQa(rag, items);
  if (values.json) {
    const { results, ...figures } = report;
    process.stdout.write(`${JSON.stringify({ qa: figures, misses: results.filter((r) => !r.correct).map((r) => r.item.question) })}\n`);
  } else process.stdout.write(`${formatQaReport(report, values.verbose ?? false)}\n`);
});
