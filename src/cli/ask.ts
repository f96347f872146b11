import { createInterface } from "node:readline";
import { checkLength, parseAskArgs, UsageError, type AskArgs } from "./args.js";
import { loadCliConfig, openRag, runCommand } from "./common.js";
import { formatAnswer } from "./format-answer.js";
import { createProgressReporter } from "./progress.js";
import { forStdout, forTerminal, toJsonLine } from "./terminal.js";
import type { Answer, AskOptions, Rag, Turn } from "../rag/index.js";

const USAGE = [
  'usage: npm run ask -- [--corpus DIR] [--index DIR] [-k N] [--article ID] [--from DATE] [--to DATE] [--as-of DATE] [--json] [--verbose] ["question"]',
  "       with no question: on a terminal, asks for questions one after another (an empty line or Ctrl-D leaves);",
  "       otherwise reads one question per line from standard input",
].join("\n");

/** Asks one question and prints the answer: JSON, or readable (with the question above it in a batch). */
async function answerOne(rag: Rag, question: string, options: AskOptions, args: AskArgs, heading: boolean): Promise<Answer> {
  const answer = await rag.ask(question, options);
  if (args.json) process.stdout.write(`${toJsonLine(answer)}\n`);
  else process.stdout.write(`${forStdout(`${heading ? `Q: ${question}\n\n` : ""}${formatAnswer(answer)}`)}\n\n`);
  return answer;
}

/** Turns a prompt keeps for follow-ups ("When does it open?"), as the bot does in a channel. */
const PROMPT_TURNS = 3;

/** One question a line from a pipe; a bad one is reported and the batch goes on. */
async function answerBatch(rag: Rag, options: AskOptions, args: AskArgs): Promise<void> {
  let failed = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    try {
      await answerOne(rag, line, options, args, true);
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "INVALID_INPUT")) throw error;
      failed++;
      process.stderr.write(`error: ${forTerminal(error.message)} (question: ${toJsonLine(line.slice(0, 80))})\n`);
    }
  }
  if (failed) process.exitCode = 1;
}

/** A prompt on a terminal: question, answer, question…; the index and model stay loaded between them. */
async function answerInteractively(rag: Rag, options: AskOptions, args: AskArgs): Promise<void> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: true, prompt: "> " });
  process.stdout.write(`${forStdout("Ask a question about the articles (an empty line or Ctrl-D leaves).")}\n`);
  prompt.prompt();
  const history: Turn[] = [];
  try {
    for await (const line of prompt) {
      if (!line.trim()) break;
      try {
        const answer = await answerOne(rag, line.trim(), { ...options, history: [...history] }, args, false);
        if (answer.standaloneQuestion) process.stdout.write(`${forStdout(`(read as: ${answer.standaloneQuestion})`)}\n\n`);
        history.push({
          question: answer.standaloneQuestion ?? line.trim(),
          answer: answer.answer,
          ...(answer.shortAnswer ? { shortAnswer: answer.shortAnswer } : {}),
        });
        history.splice(0, Math.max(0, history.length - PROMPT_TURNS));
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "INVALID_INPUT")) throw error;
        process.stdout.write(`${forTerminal(error.message)}\n\n`);
      }
      prompt.prompt();
    }
  } finally {
    prompt.close();
  }
}

runCommand("ask", async (argv) => {
  const args = parseAskArgs(argv);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const config = loadCliConfig(args);
  checkLength(args.question, "question", config.answer.maxQuestionChars);
  const { rag } = await openRag(config, { verbose: args.verbose });
  const progress = createProgressReporter();
  await rag.ensureIndex({ update: true, onProgress: progress.onProgress }).finally(progress.stop);
  if (args.articleId && !rag.listArticles().some((a) => a.id === args.articleId)) {
    throw new UsageError(`no article with the id "${args.articleId}" is indexed (npm run search shows ids)`);
  }
  const options: AskOptions = { k: args.k, articleId: args.articleId, dateFrom: args.dateFrom, dateTo: args.dateTo, asOf: args.asOf };
  if (args.question) return void (await answerOne(rag, args.question, options, args, false));
  if (process.stdin.isTTY && !args.json) return answerInteractively(rag, options, args);
  return answerBatch(rag, options, args);
});
