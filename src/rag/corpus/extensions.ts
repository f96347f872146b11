import { extname } from "node:path";

/** File extensions the corpus accepts, each with the format it is read as. */
export const FORMAT_OF_EXTENSION = new Map<string, "markdown" | "text" | "html" | "jsonl">([
  [".md", "markdown"],
  [".markdown", "markdown"],
  [".txt", "text"],
  [".html", "html"],
  [".htm", "html"],
  [".jsonl", "jsonl"],
]);

/** File extensions the corpus accepts. */
export const ARTICLE_EXTENSIONS = [...FORMAT_OF_EXTENSION.keys()];

/** True when the corpus has a parser for this file's extension. */
export const isArticleFile = (file: string) => FORMAT_OF_EXTENSION.has(extname(file).toLowerCase());

/** Why a file whose extension has no parser is skipped. */
export const UNSUPPORTED_TYPE = `unsupported file type (use ${ARTICLE_EXTENSIONS.join(", ")})`;
