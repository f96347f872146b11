import { articleIdFromPath } from "./ids.js";
import { cleanLine, cleanText } from "./clean.js";
import { METADATA_LIMITS } from "./metadata.js";
import { skipFile, type ParsedFile } from "./parsed.js";

/** Plain text: the first non-empty line is the title, the rest is the article. */
export function parseTextArticle(content: string, file: string): ParsedFile {
  const cleaned = cleanText(content);
  const newline = cleaned.indexOf("\n");
  const title = cleanLine(newline === -1 ? cleaned : cleaned.slice(0, newline));
  const text = newline === -1 ? "" : cleanText(cleaned.slice(newline + 1));
  if (!title) return skipFile(file, "title is missing (the first line)");
  if (title.length > METADATA_LIMITS.titleChars) {
    return skipFile(
      file,
      `the first line (the title) is ${title.length} characters, over the ${METADATA_LIMITS.titleChars}-character limit: put the title on a line of its own`,
    );
  }
  if (!text) return skipFile(file, "article has no text after the title line");
  return { articles: [{ id: articleIdFromPath(file), file, title, text }], skipped: [] };
}
