import { extname } from "node:path";
import { parseHtmlArticle } from "./html.js";
import { parseJsonlArticles } from "./jsonl.js";
import { parseMarkdownArticle } from "./markdown.js";
import { skipFile, type ParsedFile } from "./parsed.js";
import { parseTextArticle } from "./text.js";

const PARSERS = new Map<string, (content: string, file: string) => ParsedFile>([
  [".md", parseMarkdownArticle],
  [".markdown", parseMarkdownArticle],
  [".txt", parseTextArticle],
  [".html", parseHtmlArticle],
  [".htm", parseHtmlArticle],
  [".jsonl", parseJsonlArticles],
]);

/** File extensions the corpus accepts. */
export const ARTICLE_EXTENSIONS = [...PARSERS.keys()];

/** True when the corpus has a parser for this file's extension. */
export const isArticleFile = (file: string) => PARSERS.has(extname(file).toLowerCase());

/**
 * Parses one file's content by its extension. Never throws: a parser that fails (a stack
 * overflow on pathological input, a bug) skips the file with the reason.
 */
export function parseArticleContent(content: string, file: string): ParsedFile {
  const parse = PARSERS.get(extname(file).toLowerCase());
  if (!parse) return skipFile(file, `unsupported file type (use ${ARTICLE_EXTENSIONS.join(", ")})`);
  try {
    return parse(content, file);
  } catch (error) {
    const why = error instanceof RangeError ? "too deeply nested to parse" : `could not be parsed (${(error as Error).message?.split("\n")[0] ?? String(error)})`;
    return skipFile(file, why);
  }
}
