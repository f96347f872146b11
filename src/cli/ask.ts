import { createInterface } from "node:readline";
import { formatAnswer } from "./format-answer.js";
import { openRag, parseCommandLine, parsePositiveInt, runCommand, UsageError } from "./common.js";
import { createProgressReporter } from "./progress.js";
import { forTerminal, toJsonLine } from "./terminal.js";
import { isRagError, type AskOptions, type Rag } from "../rag/index.js";

const USAGE =
  'usage: npm run ask -- [--corpus DIR] [--index DIR] [-k N] [--article ID] [--from DATE] [--to DATE] [--as-of DATE] [--json] ["question"]\n' +
  "       with no question, reads one question per line from standard input";

async function answerOne(rag: Rag, question: string, options: AskOptions, json: boolean): Promise<void> {
  const answer = await rag.ask(question, options);
  process.stdout.write(json ? `${toJsonLine(answer)}\n` : `${forTerminal(formatAnswer(answer))}\n\n`);
}

runCommand(USAGE, async (argv) => {
  const { values, positionals } = parseCommandLine(argv, {
    k: { type: "string", short: "k" },
    article: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    "as-of": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const asOf = values["as-of"];
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(asOf) || Number.isNaN(Date.parse(asOf)))) throw new UsageError(`--as-of must be a date like 2025-06-30, got "${asOf}"`);
  const options: AskOptions = { k: parsePositiveInt(values.k, "-k"), articleId: values.article, dateFrom: values.from, dateTo: values.to, asOf };
  const json = values.json ?? false;

  const { rag } = await openRag(values);
  const progress = createProgressReporter();
  await rag.ensureIndex({ update: true, onProgress: progress.onProgress }).finally(progress.stop);

  const question = positionals.join(" ").trim();
  if (question) return answerOne(rag, question, options, json);

  // Batch: one question a line. A bad question is reported and the batch goes on.
  let failed = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    try {
      await answerOne(rag, line, options, json);
    } catch (error) {
      if (!isRagError(error)) throw error;
      failed++;
      process.stderr.write(`error: ${forTerminal(error.message)} (question: ${toJsonLine(line.slice(0, 80))})\n`);
    }
  }
  if (failed) process.exitCode = 1;
});
