import { createHmac, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CoreConfig } from "../../config/index.js";
import type { Answer } from "../answer/types.js";
import { FOLLOW_UP_UNRESOLVED, NOT_STATED } from "../answer/messages.js";
import type { Logger } from "../logger.js";
import type { DownReason, QuestionEntry, QuestionLog, RefusalReason } from "./types.js";

export type { DownReason, QuestionEntry, QuestionLog, QuestionWindow, RefusalReason, VoteEntry } from "./types.js";
export { DOWN_REASONS } from "./types.js";

/** Why an answer is a refusal, or undefined when it answers. */
export function refusalReason(answer: Pick<Answer, "refused" | "answer">): RefusalReason | undefined {
  if (!answer.refused) return undefined;
  if (answer.answer.startsWith(NOT_STATED)) return "not-stated";
  if (answer.answer === FOLLOW_UP_UNRESOLVED) return "follow-up-unclear";
  if (answer.answer.startsWith("Only questions in English")) return "not-english";
  // NOT_COVERED, and the refusals that name what the corpus lacks ("…never mentions X").
  return "not-covered";
}

/**
 * The answer as the log keeps it: its trace cut to what the trace view shows (the first passages
 * and sentences, shortened; the confidences without their features), a kilobyte or two, not twenty.
 */
export function compactAnswer(answer: Answer): Answer {
  const t = answer.trace;
  if (!t) return answer;
  const cut = (text: string) => (text.length > 240 ? `${text.slice(0, 240)}…` : text);
  return {
    ...answer,
    trace: {
      passages: t.passages.slice(0, 5).map((p) => ({ ...p, text: cut(p.text) })),
      sentences: t.sentences?.slice(0, 3).map((s) => ({ ...s, text: cut(s.text) })),
      probability: t.probability,
      short: t.short,
      confidence: t.confidence && { answer: t.confidence.answer, short: t.confidence.short, features: { answer: {} } },
      draft: t.draft,
    },
  };
}

/** What a front end records: the user's raw id, hashed here before anything is stored. */
export interface AskedQuestion {
  id: string;
  at: Date;
  server?: string;
  channel?: string;
  userId?: string;
  answer: Answer;
  latencyMs: number;
  llm?: string;
}

/**
 * The question log as front ends use it: user ids are hashed with the deployment's key before
 * they are stored, writes never throw (a failure is logged, once while it lasts, and the answer
 * goes out anyway), and questions older than the retention period are pruned.
 */
export interface QuestionRecorder {
  readonly kind: QuestionLog["kind"];
  /** The keyed hash a user id is stored as. */
  userHash(userId: string): string;
  /** Logs a question and its answer; never rejects. */
  record(asked: AskedQuestion): Promise<void>;
  /** Records a vote; a failure to store it is reported as "failed" (the member is told), never thrown. */
  vote(questionId: string, userId: string, vote: "up" | "down"): Promise<"recorded" | "changed" | "unchanged" | "failed">;
  reason(questionId: string, userId: string, reason: DownReason): Promise<boolean>;
  get(questionId: string): Promise<QuestionEntry | undefined>;
  forget(userId: string): Promise<{ questions: number; votes: number }>;
  /** Drops what is older than the retention period; run at start and daily. */
  prune(now?: number): Promise<number>;
  readonly log: QuestionLog;
  close(): Promise<void>;
}

/** The deployment's key: QUESTION_LOG_KEY, or one made once and kept owner-only in the data folder. */
async function hashKey(config: CoreConfig, log: Logger): Promise<string> {
  if (config.questions.key) return config.questions.key;
  const path = join(config.dataDir, "question-log.key");
  const kept = await readFile(path, "utf8").catch(() => undefined);
  if (kept?.trim()) return kept.trim();
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const made = randomBytes(32).toString("hex");
  await writeFile(path, `${made}\n`, { mode: 0o600, flag: "wx" }).catch(() => undefined);
  await chmod(path, 0o600).catch(() => undefined);
  log.warn(
    `QUESTION_LOG_KEY is not set: user ids are hashed with a key kept in ${path}; set QUESTION_LOG_KEY to keep it out of the data folder`,
  );
  return (await readFile(path, "utf8")).trim();
}

/** Opens the question log the settings name (SQLite by default), or undefined when it is off. */
export async function openQuestionLog(config: CoreConfig, log: Logger): Promise<QuestionRecorder | undefined> {
  if (config.questions.store === "off") return undefined;
  const store =
    config.questions.store === "postgres"
      ? await (await import("./postgres.js")).openPostgresLog(config.index.databaseUrl!, config.index.tablePrefix)
      : (await import("./sqlite.js")).openSqliteLog(join(config.dataDir, "questions.db"));
  const key = await hashKey(config, log);
  const userHash = (userId: string) => createHmac("sha256", key).update(userId).digest("hex").slice(0, 32);
  let failing = false;
  const failed = (what: string, error: unknown) => {
    if (!failing)
      log.warn({ err: (error as Error).message, store: store.kind }, `the question log could not ${what}; answers go on without it`);
    failing = true;
  };
  const ok = () => {
    if (failing) log.info("the question log is writable again");
    failing = false;
  };
  const retentionMs = config.questions.retentionDays * 24 * 60 * 60 * 1000;
  return {
    kind: store.kind,
    log: store,
    userHash,
    async record(asked) {
      const { answer } = asked;
      try {
        const cited = (answer.refused ? (answer.closest ?? []) : answer.citations).map((c) => ({ id: c.articleId, title: c.title }));
        await store.record({
          id: asked.id,
          at: asked.at.getTime(),
          server: asked.server,
          channel: asked.channel,
          user: asked.userId ? userHash(asked.userId) : undefined,
          question: answer.question,
          refused: answer.refused,
          reason: refusalReason(answer),
          shortAnswer: answer.shortAnswer,
          answer: answer.answer,
          cited: [...new Map(cited.map((c) => [c.id, c])).values()],
          latencyMs: Math.round(asked.latencyMs),
          llm: asked.llm,
          full: compactAnswer(answer),
        });
        ok();
      } catch (error) {
        failed("store a question", error);
      }
    },
    async vote(questionId, userId, vote) {
      try {
        const outcome = await store.vote({ questionId, user: userHash(userId), vote, at: Date.now() });
        ok();
        return outcome;
      } catch (error) {
        failed("store a vote", error);
        return "failed";
      }
    },
    async reason(questionId, userId, reason) {
      try {
        return await store.reason(questionId, userHash(userId), reason);
      } catch (error) {
        failed("store a vote's reason", error);
        return false;
      }
    },
    async get(questionId) {
      try {
        return await store.get(questionId);
      } catch (error) {
        failed("read an answer", error);
        return undefined;
      }
    },
    forget: (userId) => store.forget(userHash(userId)),
    prune: (now = Date.now()) => store.prune(now - retentionMs),
    close: () => store.close(),
  };
}
