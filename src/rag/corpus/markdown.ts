import matter from "gray-matter";
import removeMarkdown from "remove-markdown";
import { parse as parseYaml } from "yaml";
import { articleIdFromPath } from "./ids.js";
import { cleanText } from "./clean.js";
import { parseArticleMeta } from "./metadata.js";
import { skipFile, type ParsedFile } from "./parsed.js";

/**
 * YAML by the `yaml` package with its core schema: plain data only (no custom tags), and a
 * bound on alias expansion so a "billion laughs" header cannot exhaust memory.
 */
function parseYamlSafely(text: string): object {
  const data: unknown = parseYaml(text, { schema: "core", maxAliasCount: 100, uniqueKeys: true, logLevel: "error" });
  return data ?? {};
}

const refuse = () => {
  throw new Error("only YAML front matter is read");
};

// gray-matter's defaults include a JavaScript engine that runs the header with eval ("---js").
// These replace every default; the language is also checked before gray-matter sees the file.
const ENGINES = { yaml: { parse: parseYamlSafely }, javascript: { parse: refuse }, json: { parse: refuse }, coffee: { parse: refuse } };
const YAML_NAMES = new Set(["", "yaml", "yml"]);

/** The word after the opening `---` ("---js"), as gray-matter reads it; "" when there is none. */
function frontMatterLanguage(content: string): string {
  const text = content.replace(/^\uFEFF/, "");
  // "----" is a rule, not front matter (gray-matter's own rule).
  if (!text.startsWith("---") || text[3] === "-") return "";
  const rest = text.slice(3);
  const end = rest.search(/\r?\n/);
  return (end === -1 ? rest : rest.slice(0, end)).trim();
}

/** Markdown with YAML front matter: `title` is required; the body becomes plain text. */
export function parseMarkdownArticle(content: string, file: string): ParsedFile {
  const language = frontMatterLanguage(content);
  if (!YAML_NAMES.has(language.toLowerCase())) {
    return skipFile(file, `front matter in "${language.slice(0, 20)}" is not allowed; only YAML front matter is read`);
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options also turns off gray-matter's process-wide cache of every string it has parsed.
    parsed = matter(content, { language: "yaml", engines: ENGINES });
  } catch (error) {
    const detail = (error as Error).message.split("\n")[0];
    return skipFile(file, `broken front matter: ${detail}`);
  }
  if (!parsed.matter.trim()) return skipFile(file, "no front matter (a title is required)");
  const meta = parseArticleMeta(parsed.data);
  if (!meta.ok) return skipFile(file, meta.reason);
  // `body: text` (what Footnote writes for a fetched page): the body is the article's text as
  // extracted, read as it is; Markdown syntax would otherwise be stripped from it.
  const plain = (parsed.data as { body?: unknown }).body === "text";
  const text = cleanText(plain ? parsed.content : removeMarkdown(parsed.content, { gfm: true, useImgAltText: false }));
  if (!text) return skipFile(file, "article has no text");
  return { articles: [{ id: articleIdFromPath(file), file, ...meta.meta, text }], skipped: [] };
}
