import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { openQuestionLog, type Answer, type Logger, type QuestionRecorder } from "../rag/index.js";
import type { BotConfig } from "../config/index.js";
import type { FeedbackEntry } from "./feedback.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Moves `feedback.jsonl` (the votes kept before the question log) into the log, once: each vote
 * with its question and answer, then the file is renamed `.migrated` so it is never read again.
 */
async function migrateFeedback(dataDir: string, questions: QuestionRecorder, log: Logger): Promise<void> {
  const path = join(dataDir, "feedback.jsonl");
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return;
  let moved = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let entry: FeedbackEntry;
    try {
      entry = JSON.parse(line) as FeedbackEntry;
    } catch {
      continue;
    }
    if (!entry.answerKey || !entry.userId || (entry.vote !== "up" && entry.vote !== "down")) continue;
    const answer: Answer = {
      question: String(entry.question ?? ""),
      answer: String(entry.answer ?? ""),
      refused: false,
      citations: (entry.citedArticles ?? []).map((id, i) => ({ n: i + 1, articleId: String(id), title: String(id), quote: "" })),
      related: [],
      disagreement: false,
      answerer: entry.answerer === "llm" || entry.answerer === "metadata" ? entry.answerer : "extractive",
      timings: { retrieveMs: 0, answerMs: 0 },
    };
    const existing = await questions.get(entry.answerKey);
    if (!existing) {
      await questions.record({
        id: entry.answerKey,
        at: new Date(entry.time),
        server: entry.guildId ?? undefined,
        channel: entry.channelId ?? undefined,
        answer,
        latencyMs: 0,
      });
    }
    await questions.vote(entry.answerKey, entry.userId, entry.vote);
    moved++;
  }
  await rename(path, `${path}.migrated`);
  log.info({ votes: moved }, "feedback.jsonl moved into the question log (kept as feedback.jsonl.migrated)");
}

/** Opens the question log (unless it is off), moves old feedback into it, and prunes it now and daily. */
export async function startQuestionLog(config: BotConfig, log: Logger): Promise<{ questions?: QuestionRecorder; stop(): Promise<void> }> {
  let questions: QuestionRecorder | undefined;
  try {
    questions = await openQuestionLog(config.core, log);
  } catch (error) {
    // The bot answers without it: /insights says the log is unavailable.
    log.warn({ err: (error as Error).message }, "the question log could not be opened; questions are not logged");
    return { stop: async () => {} };
  }
  if (!questions) return { stop: async () => {} };
  const recorder = questions;
  await migrateFeedback(config.dataDir, recorder, log).catch((error: unknown) =>
    log.warn({ err: (error as Error).message }, "could not move feedback.jsonl into the question log"),
  );
  const prune = () =>
    recorder.prune().then(
      (n) => n && log.info({ pruned: n }, `questions older than ${config.core.questions.retentionDays} days pruned`),
      (error: unknown) => log.warn({ err: (error as Error).message }, "could not prune the question log"),
    );
  await prune();
  const timer = setInterval(() => void prune(), DAY_MS);
  timer.unref();
  log.info(
    { store: recorder.kind },
    `questions are logged (${recorder.kind}) for /insights, kept ${config.core.questions.retentionDays} days`,
  );
  return {
    questions: recorder,
    async stop() {
      clearInterval(timer);
      await recorder.close().catch(() => undefined);
    },
  };
}
