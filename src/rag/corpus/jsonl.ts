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
export function parseJsonlArticles(content: string, file: string): ParsedFile {
  const articles: Article[] = [];
  const skipped: SkippedInput[] = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const skip = (reason: string) => skipped.push({ file, line: index + 1, reason });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return skip("not valid JSON");
    }
    const record = recordSchema.safeParse(value);
    if (!record.success) return skip(record.error.issues[0]?.message ?? "invalid record");
    const meta = parseArticleMeta(value);
    if (!meta.ok) return skip(meta.reason);
    const text = cleanText(record.data.text);
    if (!text) return skip("text is empty");
    articles.push({ id: articleIdFromRecord(record.data.id), file, ...meta.meta, text });
  });
  return { articles, skipped };
}
