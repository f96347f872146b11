import { rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { CoreConfig } from "../../config/index.js";
import { type Answer, buildInsights, createRag, type Embedder, openQuestionLog, silentLogger } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";

export interface InsightsBenchResult {
  questions: number;
  /** Logging one question (after the reply), p50 and p95. */
  recordP50Ms: number;
  recordP95Ms: number;
  /** /insights over the last 30 days, on that log. */
  insightsMs: number;
  gaps: number;
  dbMB: number;
}

const TOPICS = [
  "ferry timetable",
  "harbour dues",
  "library hours",
  "fire chief",
  "bridge repairs",
  "school budget",
  "bus routes",
  "park permits",
  "water rates",
  "council vote",
];
const FORMS = [
  "When is the {t} changing?",
  "Who decides the {t}?",
  "What happened with the {t} this week?",
  "Why did the {t} go up?",
  "How much is the {t} now?",
];

/** A made-up question of the mix: a topic, a form, and a number so most are distinct. */
function questionOf(i: number): string {
  return `${FORMS[i % FORMS.length]!.replace("{t}", TOPICS[(i * 7) % TOPICS.length]!)} (${i % 997})`;
}

const answerOf = (question: string, refused: boolean): Answer => ({
  question,
  answer: refused ? "The articles do not cover this question." : "The council voted on Tuesday to keep the ferry timetable. [1]",
  refused,
  citations: refused
    ? []
    : [{ n: 1, articleId: "council-vote", title: "Council keeps the timetable", quote: "The council voted on Tuesday." }],
  related: [],
  disagreement: false,
  answerer: "extractive",
  timings: { retrieveMs: 10, answerMs: 20 },
});

/**
 * The question log at 100,000 questions over 60 days (a fifth refused, some voted down): what
 * logging one more costs, how long /insights takes for 30 days, and the file's size (SQLite).
 */
export async function measureInsights(options: {
  base: CoreConfig;
  work: string;
  embedder: Embedder;
  count?: number;
}): Promise<InsightsBenchResult> {
  const count = options.count ?? 100_000;
  await rm(options.work, { recursive: true, force: true });
  const config: CoreConfig = {
    ...options.base,
    dataDir: options.work,
    questions: { ...options.base.questions, store: "sqlite", key: "bench key, long enough to use" },
  };
  const log = (await openQuestionLog(config, silentLogger))!;
  const now = Date.now();
  const span = 60 * 24 * 60 * 60 * 1000;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const question = questionOf(i);
    const started = performance.now();
    await log.record({
      id: `q${i}`,
      at: new Date(now - span + (i / count) * span),
      server: i % 10 === 0 ? "100000000000000004" : "100000000000000003",
      userId: String(300000000000000000n + BigInt(i % 5000)),
      answer: answerOf(question, i % 5 === 0),
      latencyMs: 40,
    });
    times.push(performance.now() - started);
    if (i % 7 === 3) await log.vote(`q${i}`, String(300000000000000000n + BigInt((i * 13) % 5000)), i % 3 === 0 ? "down" : "up");
  }
  times.sort((a, b) => a - b);
  const rag = await createRag(
    { ...options.base, log: { ...options.base.log, level: "silent" } },
    { log: silentLogger, llm: null, embedder: options.embedder },
  );
  await rag.ensureIndex();
  const started = performance.now();
  const report = await buildInsights(log, rag, { server: "100000000000000003", days: 30 });
  const insightsMs = performance.now() - started;
  await log.close();
  await rag.close();
  const bytes =
    (await stat(join(options.work, "questions.db"))).size +
    (await stat(join(options.work, "questions.db-wal")).then(
      (s) => s.size,
      () => 0,
    ));
  return {
    questions: count,
    recordP50Ms: times[Math.floor(times.length / 2)]!,
    recordP95Ms: times[Math.floor(times.length * 0.95)]!,
    insightsMs,
    gaps: report.gaps.length,
    dbMB: bytes / 1e6,
  };
}

export function formatInsights(r: InsightsBenchResult): string[] {
  return markdownTable(
    ["logged questions", "logging one p50 / p95 ms", "/insights, 30 days ms", "gaps found", "database MB"],
    [[r.questions, `${r.recordP50Ms.toFixed(2)} / ${r.recordP95Ms.toFixed(2)}`, r.insightsMs.toFixed(0), r.gaps, r.dbMB.toFixed(1)]],
  );
}
