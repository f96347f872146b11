import { z } from "zod";
import { articleIdFromRecord } from "./ids.js";
import { cleanText } from "./clean.js";
import { parseArticleMeta } from "./metadata.js";
import type { Article, SkippedInput } from "../types.js";
import type { ParsedFile } from "./parsed.js";

const recordSchema = z.object({
  id: z.union([z.string().trim().min(1), z.number()], { error: "id is missing" }),
  text: z.string({ error: "text is missing" }),
});

/** Bulk import: one JSON article a line; a bad line is skipped with its number, the rest load. */
/** Adds one line's article to `articles`, or says why the line is skipped. */
function parseRecord(line: string, file: string, articles: Article[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return "not valid JSON";
  }
  const record = recordSchema.safeParse(value);
  if (!record.success) return record.error.issues[0]?.message ?? "invalid record";
  const meta = parseArticleMeta(value);
  if (!meta.ok) return meta.reason;
  const text = cleanText(record.data.text);
  if (!text) return "text is empty";
  articles.push({ id: articleIdFromRecord(record.data.id), file, ...meta.meta, text });
  return undefined;
}

export function parseJsonlArticles(content: string, file: string): ParsedFile {
  const articles: Article[] = [];
  const skipped: SkippedInput[] = [];
  const lines = content.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const reason = parseRecord(line, file, articles);
    if (reason) skipped.push({ file, line: index + 1, reason });
  }
  return { articles, skipped };
}
