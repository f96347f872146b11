import matter from "gray-matter";
import removeMarkdown from "remove-markdown";
import { articleIdFromPath } from "./ids.js";
import { cleanText } from "./clean.js";
import { parseArticleMeta } from "./metadata.js";
import { skipFile, type ParsedFile } from "./parsed.js";

/** Markdown with YAML front matter: `title` is required; the body becomes plain text. */
export function parseMarkdownArticle(content: string, file: string): ParsedFile {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options turns off gray-matter's process-wide cache of every string it has parsed.
    parsed = matter(content, {});
  } catch (error) {
    const detail = (error as Error).message.split("\n")[0];
    return skipFile(file, `broken front matter: ${detail}`);
  }
  if (!parsed.matter.trim()) return skipFile(file, "no front matter (a title is required)");
  const meta = parseArticleMeta(parsed.data);
  if (!meta.ok) return skipFile(file, meta.reason);
  const text = cleanText(removeMarkdown(parsed.content, { gfm: true, useImgAltText: false }));
  if (!text) return skipFile(file, "article has no text");
  return { articles: [{ id: articleIdFromPath(file), file, ...meta.meta, text }], skipped: [] };
}
