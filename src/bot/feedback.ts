import { appendFile, chmod, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { LRUCache } from "lru-cache";

export interface FeedbackEntry {
  time: string;
  vote: "up" | "down";
  /** The answer voted on (its buttons' key): a reader keeps each user's last vote per answer. */
  answerKey: string;
  /** Set when the user changed their vote: what it was. */
  changedFrom?: "up" | "down";
  userId: string;
  guildId: string | null;
  channelId: string | null;
  question: string;
  answer: string;
  answerer: string;
  citedArticles: string[];
}

/**
 * Feedback on answers, one JSON line per vote, appended to a file under the data directory. One
 * vote per user per answer: clicking the same vote again records nothing, clicking the other one
 * records the change.
 */
export class FeedbackLog {
  readonly path: string;
  private secured = false;
  /** Each user's vote on each answer still in memory (as many as RecentAnswers keeps, and more). */
  private readonly votes = new LRUCache<string, "up" | "down">({ max: 50_000 });

  constructor(dataDir: string) {
    this.path = join(dataDir, "feedback.jsonl");
  }

  /** Records a vote unless it repeats the user's last one on that answer; says which it was. */
  async vote(entry: Omit<FeedbackEntry, "changedFrom">): Promise<"recorded" | "changed" | "unchanged"> {
    const key = `${entry.answerKey}:${entry.userId}`;
    const before = this.votes.get(key);
    if (before === entry.vote) return "unchanged";
    this.votes.set(key, entry.vote);
    await this.record(before ? { ...entry, changedFrom: before } : entry);
    return before ? "changed" : "recorded";
  }

  private async record(entry: FeedbackEntry): Promise<void> {
    // User ids and questions: readable by the bot's own user only (a file from before this rule included).
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // One write per line with O_APPEND: concurrent votes never interleave within a line.
    await appendFile(this.path, `${JSON.stringify(entry)}\n`, { flag: "a", mode: 0o600 });
    if (!this.secured) {
      await chmod(this.path, 0o600);
      this.secured = true;
    }
  }
}
