import { extname } from "node:path";
import { parseHtmlArticle } from "./html.js";
import { parseJsonlArticles } from "./jsonl.js";
import { parseMarkdownArticle } from "./markdown.js";
import { skipFile, type ParsedFile } from "./parsed.js";
import { FORMAT_OF_EXTENSION, UNSUPPORTED_TYPE } from "./extensions.js";
import { parseTextArticle } from "./text.js";

const PARSER_OF_FORMAT = {
  markdown: parseMarkdownArticle,
  text: parseTextArticle,
  html: parseHtmlArticle,
  jsonl: parseJsonlArticles,
} as const;

/**
 * Parses one file's content by its extension. Never throws: a parser that fails (a stack
 * overflow on pathological input, a bug) skips the file with the reason.
 */
export function parseArticleContent(content: string, file: string): ParsedFile {
  const format = FORMAT_OF_EXTENSION.get(extname(file).toLowerCase());
  const parse = format && PARSER_OF_FORMAT[format];
  if (!parse) return skipFile(file, UNSUPPORTED_TYPE);
  try {
    return parse(content, file);
  } catch (error) {
    const why =
      error instanceof RangeError
        ? "too deeply nested to parse"
        : `could not be parsed (${(error as Error).message?.split("\n")[0] ?? String(error)})`;
    return skipFile(file, why);
  }
}
