import { appendFile, mkdir } from "node:fs/promises";
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

  constructor(dataDir: string) {
    this.path = join(dataDir, "feedback.jsonl");
  }

  async record(entry: FeedbackEntry): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    // One write per line with O_APPEND: concurrent votes never interleave within a line.
    await appendFile(this.path, `${JSON.stringify(entry)}\n`, { flag: "a" });
  }
}
