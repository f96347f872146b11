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
