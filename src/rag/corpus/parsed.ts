import type { Article, SkippedInput } from "../types.js";

/** What one corpus file yields: its articles (a jsonl file may hold many) and what was skipped. */
export interface ParsedFile {
  articles: Article[];
  skipped: SkippedInput[];
}

/** A file that yields nothing, with the reason it was skipped. */
export function skipFile(file: string, reason: string): ParsedFile {
  return { articles: [], skipped: [{ file, reason }] };
}
