import { randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Answer } from "../rag/index.js";

/**
 * Recent answers, so the Quotes and feedback buttons can find what they belong to. Bounded: the
 * least recently used are forgotten (an answer whose buttons are still clicked stays), and their
 * buttons then say the answer has expired.
 */
export class RecentAnswers {
  private readonly answers: LRUCache<string, { answer: Answer; server: string | null }>;

  constructor(max = 1000) {
    this.answers = new LRUCache({ max });
  }

  /** Stores an answer given in a server (null: a DM) and returns the short key its buttons carry. */
  remember(answer: Answer, server: string | null): string {
    const key = randomBytes(6).toString("base64url");
    this.answers.set(key, { answer, server });
    return key;
  }

  /** The answer, only where it was given: a key replayed in another server finds nothing. */
  get(key: string, server: string | null): Answer | undefined {
    const kept = this.answers.get(key);
    return kept && kept.server === server ? kept.answer : undefined;
  }
}
