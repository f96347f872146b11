import { readdir } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { RagError } from "../errors.js";
import type { Article, SkippedInput } from "../types.js";
import { parseHtmlArticle } from "./html.js";
import { parseJsonlArticles } from "./jsonl.js";
import { parseMarkdownArticle } from "./markdown.js";
import type { ParsedFile } from "./parsed.js";
import { readArticleFile } from "./read.js";
import { parseTextArticle } from "./text.js";

const PARSERS: Record<string, (content: string, file: string) => ParsedFile> = {
  ".md": parseMarkdownArticle,
  ".markdown": parseMarkdownArticle,
  ".txt": parseTextArticle,
  ".html": parseHtmlArticle,
  ".htm": parseHtmlArticle,
  ".jsonl": parseJsonlArticles,
};

/** File extensions the corpus accepts. */
export const ARTICLE_EXTENSIONS = Object.keys(PARSERS);

export interface LoadedCorpus {
  articles: Article[];
  skipped: SkippedInput[];
  /** Articles not loaded because an earlier file (in path order) already used their id. */
  duplicates: SkippedInput[];
}

/** Documentation and dotfiles live beside the articles without being indexed. */
function isIgnored(relativePath: string): boolean {
  const parts = relativePath.split(sep);
  const name = parts.at(-1) ?? "";
  return parts.some((p) => p.startsWith(".")) || /^readme\.(md|txt)$/i.test(name);
}

/** Lists corpus files (relative paths, sorted) that are candidates for articles. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RagError(
      "CORPUS_UNREADABLE",
      code === "ENOENT" ? `Corpus directory not found: ${dir}` : `Cannot read corpus directory ${dir}: ${code}`,
      { cause: error },
    );
  }
  return entries
    // Symbolic links are followed when read; one that leads nowhere is skipped with a reason.
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((file) => !isIgnored(file))
    .sort();
}

/** Parses one file's content by its extension. */
export function parseArticleContent(content: string, file: string): ParsedFile {
  const parse = PARSERS[extname(file).toLowerCase()];
  if (!parse) {
    return {
      articles: [],
      skipped: [{ file, reason: `unsupported file type (use ${ARTICLE_EXTENSIONS.join(", ")})` }],
    };
  }
  return parse(content, file);
}

/** Reads and parses one corpus file, turning every problem into a skip with a reason. */
export async function loadArticleFile(dir: string, file: string, maxBytes: number): Promise<ParsedFile> {
  if (!PARSERS[extname(file).toLowerCase()]) return parseArticleContent("", file);
  const read = await readArticleFile(join(dir, file), maxBytes);
  if (!read.ok) return { articles: [], skipped: [{ file, reason: read.reason }] };
  return parseArticleContent(read.content, file);
}

/**
 * Loads every article under `dir`. Bad files are skipped with a reason, duplicate ids are
 * reported, and a corpus with no valid article is an error.
 */
export async function loadCorpus(dir: string, options: { maxBytes: number }): Promise<LoadedCorpus> {
  const files = await listCorpusFiles(dir);
  const seen = new Map<string, string>();
  const result: LoadedCorpus = { articles: [], skipped: [], duplicates: [] };
  for (const file of files) {
    const parsed = await loadArticleFile(dir, file, options.maxBytes);
    result.skipped.push(...parsed.skipped);
    for (const article of parsed.articles) {
      const first = seen.get(article.id);
      if (first !== undefined) {
        result.duplicates.push({ file, reason: `duplicate id "${article.id}" (already used by ${first})` });
        continue;
      }
      seen.set(article.id, file);
      result.articles.push(article);
    }
  }
  if (result.articles.length === 0) {
    const why = [...result.skipped, ...result.duplicates].map((s) => `${s.file}: ${s.reason}`);
    throw new RagError(
      "NO_ARTICLES",
      `No valid article in ${dir}` + (why.length ? ` (${why.slice(0, 5).join("; ")})` : " (it has no article files)"),
    );
  }
  return result;
}
