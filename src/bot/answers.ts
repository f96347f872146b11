import { randomBytes } from "node:crypto";
import type { Answer } from "../rag/index.js";

/**
 * Recent answers, so the Quotes and feedback buttons can find what they belong to. Bounded: the
 * oldest are forgotten, and their buttons then say the answer has expired.
 */
export class RecentAnswers {
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly max = 1000) {}

  /** Stores an answer and returns the short key its buttons carry. */
  remember(answer: Answer): string {
    const key = randomBytes(6).toString("base64url");
    this.answers.set(key, answer);
    if (this.answers.size > this.max) this.answers.delete(this.answers.keys().next().value!);
    return key;
  }

  get(key: string): Answer | undefined {
    return this.answers.get(key);
  }
}
