import { randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Answer } from "../rag/index.js";

/**
 * Recent answers, so the Quotes and feedback buttons can find what they belong to. Bounded: the
 * least recently used are forgotten (an answer whose buttons are still clicked stays), and their
 * buttons then say the answer has expired.
 */
export class RecentAnswers {
  private readonly answers: LRUCache<string, Answer>;

  constructor(max = 1000) {
    this.answers = new LRUCache({ max });
  }

  /** Stores an answer and returns the short key its buttons carry. */
  remember(answer: Answer): string {
    const key = randomBytes(6).toString("base64url");
    this.answers.set(key, answer);
    return key;
  }

  get(key: string): Answer | undefined {
    return this.answers.get(key);
  }
}
