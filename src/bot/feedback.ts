import { appendFile, chmod, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface FeedbackEntry {
  time: string;
  vote: "up" | "down";
  userId: string;
  guildId: string | null;
  channelId: string | null;
  question: string;
  answer: string;
  answerer: string;
  citedArticles: string[];
}

/** Feedback on answers, one JSON line per vote, appended to a file under the data directory. */
export class FeedbackLog {
  readonly path: string;
  private secured = false;

  constructor(dataDir: string) {
    this.path = join(dataDir, "feedback.jsonl");
  }

  async record(entry: FeedbackEntry): Promise<void> {
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
