import { existsSync } from "node:fs";
import { join } from "node:path";
import { evaluateQa, formatQaReport, loadQaFile } from "./eval/qa.js";
import { evaluateScifact, formatScifactReport } from "./eval/scifact.js";
import { startPglite } from "./pglite.js";
import { loadCliConfig, openRag, parseCommandLine, parsePositiveInt, runCommand, UsageError } from "./common.js";
import { evaluateNews, formatNewsReport, loadNewsQuestions } from "./eval/news.js";
import { forTerminal, toJsonLine } from "./terminal.js";
import { configSecrets } from "../config/index.js";
import { createLogger, type SearchMode } from "../rag/index.js";

const USAGE = [
  "usage: npm run eval -- scifact [--data DIR] [--mode hybrid|dense|bm25|all] [--skip-baseline] [--store local|postgres] [--json]",
  "       npm run eval -- qa FILE.jsonl [--corpus DIR] [--index DIR] [--json] [--verbose]",
  "       npm run eval -- news [DIR] [--corpus DIR] [--index DIR] [--half odd|even] [--limit N] [--json] [--verbose]",
].join("\n");

const REPO = join(import.meta.dirname, "../..");

runCommand("eval", async (argv) => {
  const { values, positionals } = parseCommandLine(argv, {
    json: { type: "boolean" },
    data: { type: "string" },
    mode: { type: "string" },
    "skip-baseline": { type: "boolean" },
    half: { type: "string" },
    limit: { type: "string" },
    store: { type: "string" },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const [task, file] = positionals;

  if (task === "qa") {
    if (!file) throw new UsageError("qa needs a question file");
    const items = loadQaFile(file);
    const { rag } = await openRag(loadCliConfig(values), { verbose: values.verbose });
    await rag.ensureIndex({ update: true });
    const report = await evaluateQa(rag, items);
    if (values.json) {
      const { results, ...figures } = report;
      process.stdout.write(`${JSON.stringify({ qa: figures, misses: results.filter((r) => !r.correct).map((r) => r.item.question) })}\n`);
    } else process.stdout.write(`${formatQaReport(report, values.verbose ?? false)}\n`);
    return;
  }

  if (task === "news") {
    const dataDir = requireData(file ?? join(REPO, "../shared/eval/news-2025"), "news-2025", "npm run eval -- news DIR");
    if (values.half !== undefined && values.half !== "odd" && values.half !== "even") throw new UsageError("--half must be odd or even");
    const limit = parsePositiveInt(values.limit, "--limit");
    const config = loadCliConfig({
      index: values.index ?? join(REPO, values.corpus ? "data/eval/news-corpus/index" : "data/eval/news/index"),
    });
    const log = createLogger({ ...config.log, autoFormat: "pretty", secrets: configSecrets(config) });
    const questions = loadNewsQuestions(dataDir, values.half as "odd" | "even" | undefined).slice(0, limit);
    const report = await evaluateNews(config, {
      dataDir,
      corpusDir: values.corpus,
      questions,
      log,
      onProgress: (done, total) => done % 100 === 0 && process.stderr.write(`asked ${done}/${total}\n`),
    });
    if (values.json) {
      const { results, ...figures } = report;
      // Each question's result, with only what the answer said (not its citations and trace).
      const rows = results.map(({ answer, ...r }) => ({
        ...r,
        refused: answer.refused,
        shortAnswer: answer.shortAnswer,
        answer: answer.answer,
      }));
      process.stdout.write(`${toJsonLine({ news: figures, results: rows })}\n`);
    } else process.stdout.write(`${forTerminal(formatNewsReport(report, values.verbose ?? false))}\n`);
    return;
  }

  if (task === "scifact") {
    const mode = values.mode ?? "all";
    if (!["all", "hybrid", "dense", "bm25"].includes(mode)) throw new UsageError("--mode must be hybrid, dense, bm25 or all");
    const modes: SearchMode[] = mode === "all" ? ["bm25", "dense", "hybrid"] : [mode as SearchMode];
    if (values.store !== undefined && values.store !== "local" && values.store !== "postgres") {
      throw new UsageError("--store takes local or postgres");
    }
    requireData(values.data ?? join(REPO, "../shared/eval/scifact"), "SciFact", "npm run eval -- scifact --data DIR");
    const base = loadCliConfig({});
    // --store postgres: DATABASE_URL's database, else a PGlite server for the run.
    const server = values.store === "postgres" && !base.index.databaseUrl ? await startPglite() : undefined;
    const config =
      values.store === "postgres"
        ? { ...base, index: { ...base.index, store: "postgres" as const, databaseUrl: base.index.databaseUrl ?? server!.url } }
        : { ...base, index: { ...base.index, store: "local" as const } };
    const log = createLogger({ ...config.log, autoFormat: "pretty" });
    const report = await evaluateScifact(config, {
      dataDir: values.data ?? join(REPO, "../shared/eval/scifact"),
      workDir: join(REPO, "data/eval/scifact"),
      modes,
      baseline: !values["skip-baseline"] && mode === "all",
      log,
    });
    server?.child.kill("SIGTERM");
    process.stdout.write(values.json ? `${JSON.stringify(report.modes)}\n` : `${formatScifactReport(report)}\n`);
    return;
  }
  throw new UsageError("name a task: scifact, news [DIR], or qa FILE.jsonl");
});

/** A benchmark's data folder, or one line saying where it was looked for and how to give it. */
function requireData(dir: string, name: string, how: string): string {
  if (!existsSync(dir)) throw new UsageError(`the ${name} data is not at ${dir}: give its folder (${how})`);
  return dir;
}
