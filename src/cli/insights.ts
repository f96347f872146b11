import { buildInsights, openQuestionLog, type InsightsReport } from "../rag/index.js";
import { parsePositiveInt, UsageError } from "./args.js";
import { loadCliConfig, openRag, parseCommandLine, runCommand } from "./common.js";
import { forStdout, toJsonLine } from "./terminal.js";

const USAGE = "usage: npm run insights -- [--corpus DIR] [--index DIR] [--days N] [--server ID] [--json]";

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "-");

/** /insights for a terminal: totals, the most asked, coverage gaps, the articles cited most and never. */
export function formatInsights(r: InsightsReport): string {
  const t = r.totals;
  const lines = [
    `${r.server ? `Server ${r.server}` : "Every server"}, the last ${r.days} days: ${t.asked} questions (${r.previous.asked} the period before), answered ${pct(t.answered, t.asked)}, refused ${pct(t.refused, t.asked)}; 👍 ${t.up}, 👎 ${t.down}`,
    "",
    "Asked most:",
    ...(r.topQuestions.length ? r.topQuestions.map((q) => `  ${q.count} × ${q.question}`) : ["  none"]),
    "",
    "Coverage gaps:",
    ...(r.gaps.length
      ? r.gaps.flatMap((g, i) => [
          `  ${i + 1}. ${g.terms.join(", ")} (${g.size} question${g.size === 1 ? "" : "s"})`,
          ...g.examples.map((e) => `       "${e}"`),
          g.closest.length
            ? `     closest: ${g.closest.map((a) => a.title).join("; ")}`
            : `     nothing close: add articles about ${g.terms.join(", ")}`,
        ])
      : ["  none"]),
    "",
    "Cited most:",
    ...(r.mostCited.length ? r.mostCited.map((a) => `  ${a.count} × ${a.title} [${a.id}]`) : ["  none"]),
    `Never cited: ${r.neverCited.count}${r.neverCited.examples.length ? ` (${r.neverCited.examples.map((a) => a.id).join(", ")}${r.neverCited.count > r.neverCited.examples.length ? ", …" : ""})` : ""}`,
  ];
  return lines.join("\n");
}

// What the bot's members asked and what the articles could not answer, from the question log.
runCommand("insights", async (argv) => {
  const { values, positionals } = parseCommandLine(argv, {
    days: { type: "string" },
    server: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.server !== undefined && !/^\d{15,25}$/.test(values.server)) throw new UsageError("--server takes a Discord server id");
  const days = parsePositiveInt(values.days, "--days") ?? 7;
  const config = loadCliConfig(values);
  const { log, rag } = await openRag(config, { verbose: values.verbose ?? false });
  const questions = await openQuestionLog(config, log);
  if (!questions) throw new UsageError("the question log is off (QUESTION_LOG=off): there is nothing to show");
  try {
    await rag.ensureIndex();
    const report = await buildInsights(questions, rag, { server: values.server, days });
    process.stdout.write(values.json ? `${toJsonLine(report)}\n` : `${forStdout(formatInsights(report))}\n`);
  } finally {
    await questions.close();
  }
});
