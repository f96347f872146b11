import type { ParsedQuestion } from "../answer/question.js";
import type { TermStats } from "../store/term-stats.js";

/**
 * The question as searched: with the nearest corpus term added for each misspelt word
 * ("Ukrane" also searches "ukrain"), so a typo does not lose the passages that answer it.
 */
export function withCorrections(question: string, parsed: ParsedQuestion, stats: TermStats): string {
  const fixes = parsed.terms
    .filter((t) => !stats.resolve(t))
    .map((t) => stats.correct(t))
    .filter((t): t is string => !!t);
  return fixes.length ? `${question} ${fixes.join(" ")}` : question;
}
