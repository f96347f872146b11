import type { Answer } from "../answer/types.js";

/** Why a question got no answer, as the log and /insights name it. */
export type RefusalReason = "not-covered" | "not-stated" | "follow-up-unclear" | "not-english";

/** Why a 👎: the choice a member makes after voting down. */
export const DOWN_REASONS = ["wrong", "not-in-articles", "outdated", "badly-cited"] as const;
export type DownReason = (typeof DOWN_REASONS)[number];

/** One question as asked and answered, as the log keeps it. */
export interface QuestionEntry {
  /** The answer's key (its buttons carry it). */
  id: string;
  /** When it was asked (ms since the epoch). */
  at: number;
  /** The Discord server, or undefined for a direct message or the command line. */
  server?: string;
  channel?: string;
  /** The keyed hash of the user's id (never the id itself). */
  user?: string;
  question: string;
  refused: boolean;
  reason?: RefusalReason;
  shortAnswer?: string;
  answer: string;
  /** The articles cited (or, for a refusal, shown as closest). */
  cited: { id: string; title: string }[];
  latencyMs: number;
  /** The model that wrote the answer, when one did. */
  llm?: string;
  /** The whole answer, trace included: the buttons after a restart, and `/insights answer:<id>`. */
  full: Answer;
}

/** A vote as the log keeps it (one per user per answer; the last one counts). */
export interface VoteEntry {
  questionId: string;
  user: string;
  vote: "up" | "down";
  reason?: DownReason;
  at: number;
}

/** How a window went, in counts. */
export interface WindowTotals {
  asked: number;
  refused: number;
  up: number;
  down: number;
  downReasons: Record<DownReason, number>;
}

/** The questions of a server (or of all, `server` undefined) in a window, with their votes: what /insights reads. */
export interface QuestionWindow {
  questions: Omit<QuestionEntry, "full">[];
  votes: VoteEntry[];
}

/**
 * Where questions, answers and votes are kept. Writes are best effort: a failure is logged once
 * and never reaches the answer that caused it.
 */
export interface QuestionLog {
  /** SQLite or PostgreSQL, for /status and the logs. */
  readonly kind: "sqlite" | "postgres";
  record(entry: QuestionEntry): Promise<void>;
  /** Records a vote unless it repeats the user's last one; says which it was. */
  vote(entry: VoteEntry): Promise<"recorded" | "changed" | "unchanged">;
  /** Sets the reason of a user's 👎 (false when there is no such vote). */
  reason(questionId: string, user: string, reason: DownReason): Promise<boolean>;
  /** A logged answer, for its buttons and the trace view; undefined when unknown (or pruned). */
  get(questionId: string): Promise<QuestionEntry | undefined>;
  window(options: { server?: string; from: number; to: number }): Promise<QuestionWindow>;
  /** The counts of a window alone (the period before, for comparison): counted by the database, no rows read. */
  totals(options: { server?: string; from: number; to: number }): Promise<WindowTotals>;
  /** Everything a user asked and rated, everywhere: how many questions and votes went. */
  forget(user: string): Promise<{ questions: number; votes: number }>;
  /** Drops questions (and their votes) asked before `before`. */
  prune(before: number): Promise<number>;
  close(): Promise<void>;
}
