import { RagError } from "../errors.js";

/** The question as asked, trimmed; an empty or over-long one is the user's error, said plainly. */
export function validateQuestion(question: string, maxChars: number): string {
  const text = question.trim();
  if (!text) throw new RagError("INVALID_INPUT", "The question is empty.");
  if (text.length > maxChars) {
    throw new RagError("INVALID_INPUT", `Questions are limited to ${maxChars} characters; this one has ${text.length}.`);
  }
  return text;
}
