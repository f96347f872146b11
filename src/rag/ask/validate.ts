import { stripControlCharacters } from "../corpus/clean.js";
import { RagError } from "../errors.js";

/**
 * The question as asked, trimmed, without control characters or hidden text (what a user cannot
 * see is no part of what they asked); an empty or over-long one is the user's error, said plainly.
 */
export function validateQuestion(question: string, maxChars: number): string {
  const text = stripControlCharacters(question).trim();
  if (!text) throw new RagError("INVALID_INPUT", "The question is empty.");
  if (text.length > maxChars) {
    throw new RagError("INVALID_INPUT", `Questions are limited to ${maxChars} characters; this one has ${text.length}.`);
  }
  return text;
}
