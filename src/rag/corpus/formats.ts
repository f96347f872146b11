import { extname } from "node:path";
import type { ParsedFile } from "./parsed.js";

/**
 * The article formats: the only place a format is named. Everything that lists formats (the
 * loaders, `/add-article`, the CLI's messages, the README's table, checked by a test) reads it
 * here. A new format is its parser's file plus one entry below.
 *
 * Parsers load lazily (`load`), inside the parse workers: a process that only answers never
 * loads linkedom or Readability, and the light modules that list formats stay light.
 */

/** A text format's parser: gets the file decoded as UTF-8 (NUL bytes and invalid UTF-8 refused first). */
type TextParser = (text: string, file: string) => ParsedFile;
/** A binary format's parser (PDF, DOCX): gets the file's bytes. */
type BinaryParser = (bytes: Uint8Array, file: string) => Promise<ParsedFile>;

interface FormatTraits {
  /** What the README's table calls it. */
  label: string;
  /** The first one is the one short prose names. */
  extensions: readonly string[];
  /** One article a line, each with its own id (a bulk import); otherwise one article a file, its id from the path. */
  records?: true;
  /** The media types (Content-Type) a fetched URL is read as this format by; none: never fetched as it. */
  mediaTypes: readonly string[];
}

export type ArticleFormat =
  | (FormatTraits & { binary: false; load: () => Promise<TextParser> })
  | (FormatTraits & { binary: true; load: () => Promise<BinaryParser> });

export const ARTICLE_FORMATS: readonly ArticleFormat[] = [
  {
    label: "Markdown",
    extensions: [".md", ".markdown"],
    mediaTypes: ["text/markdown", "text/x-markdown"],
    binary: false,
    load: async () => (await import("./markdown.js")).parseMarkdownArticle,
  },
  {
    label: "Plain text",
    extensions: [".txt"],
    mediaTypes: ["text/plain"],
    binary: false,
    load: async () => (await import("./text.js")).parseTextArticle,
  },
  {
    label: "HTML",
    extensions: [".html", ".htm"],
    mediaTypes: ["text/html", "application/xhtml+xml"],
    binary: false,
    load: async () => (await import("./html.js")).parseHtmlArticle,
  },
  {
    label: "JSON Lines",
    extensions: [".jsonl"],
    mediaTypes: [],
    binary: false,
    records: true,
    load: async () => (await import("./jsonl.js")).parseJsonlArticles,
  },
  {
    label: "PDF",
    extensions: [".pdf"],
    mediaTypes: ["application/pdf", "application/x-pdf"],
    binary: true,
    load: async () => (await import("./pdf.js")).parsePdfArticle,
  },
  {
    label: "Word",
    extensions: [".docx"],
    mediaTypes: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    binary: true,
    load: async () => (await import("./docx.js")).parseDocxArticle,
  },
];

const FORMAT_OF_EXTENSION = new Map(ARTICLE_FORMATS.flatMap((f) => f.extensions.map((ext) => [ext, f] as const)));

/** The format a file is read as, by its extension (any case), or undefined when none reads it. */
export const formatOf = (file: string): ArticleFormat | undefined => FORMAT_OF_EXTENSION.get(extname(file).toLowerCase());

const FORMAT_OF_MEDIA_TYPE = new Map(ARTICLE_FORMATS.flatMap((f) => f.mediaTypes.map((type) => [type, f] as const)));

/** The format a fetched body is read as, by its Content-Type (parameters ignored), or undefined. */
export const formatOfMediaType = (contentType: string): ArticleFormat | undefined =>
  FORMAT_OF_MEDIA_TYPE.get(contentType.split(";")[0]!.trim().toLowerCase());

/** A format's file extension (its first), for naming a file of that format. */
export const extensionOf = (format: ArticleFormat): string => format.extensions[0]!;

/** The format a fetched web page is stored in: Markdown, its metadata in the front matter. */
export const STORED_PAGE_FORMAT: ArticleFormat = ARTICLE_FORMATS.find((f) => f.label === "Markdown")!;

/** File extensions the corpus accepts. */
export const ARTICLE_EXTENSIONS: readonly string[] = [...FORMAT_OF_EXTENSION.keys()];

/** True when the corpus has a parser for this file's extension. */
export const isArticleFile = (file: string) => formatOf(file) !== undefined;

/** "a, b, c or d": each format's first extension, for short prose (a command's description). */
export const FORMAT_NAMES = (() => {
  const firsts = ARTICLE_FORMATS.map((f) => f.extensions[0]!);
  return firsts.length > 1 ? `${firsts.slice(0, -1).join(", ")} or ${firsts.at(-1)}` : (firsts[0] ?? "");
})();

/** Why a file whose extension has no parser is skipped. */
export const UNSUPPORTED_TYPE = `unsupported file type (use ${ARTICLE_EXTENSIONS.join(", ")})`;
