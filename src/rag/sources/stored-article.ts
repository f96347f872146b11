import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import matter from "gray-matter";
import { parse as parseYaml, stringify } from "yaml";
import { extensionOf, STORED_PAGE_FORMAT } from "../corpus/formats.js";
import type { Article } from "../types.js";

/** Where fetched articles are stored, inside the corpus: `web/<host>/<name>`. */
const WEB_DIR = "web";

/** What is known of where a stored article came from, kept in its front matter. */
export interface Provenance {
  /** The URL it was fetched from (normalised). */
  fetchedFrom: string;
  fetchedAt: string;
  /** `contentHash` of the article when stored: an unchanged page is never written again. */
  contentHash: string;
}

type ArticleFields = Omit<Article, "id" | "file" | "abbreviations">;

/** A hash of what a reader sees of the article: its text and metadata (not when or where it was fetched). */
export function contentHash(article: ArticleFields): string {
  const { title, author, source, date, modified, url, language, text } = article;
  return createHash("sha256").update(JSON.stringify({ title, author, source, date, modified, url, language, text })).digest("hex");
}

/**
 * The corpus file of a fetched article: Markdown whose front matter holds its metadata and
 * provenance, and whose body is the extracted text, read as it is (`body: text`).
 */
export function renderStoredArticle(article: ArticleFields, provenance: Provenance): string {
  const front: Record<string, unknown> = {
    title: article.title,
    author: article.author,
    source: article.source,
    date: article.date,
    modified: article.modified,
    url: article.url,
    language: article.language,
    tags: article.tags,
    fetched_from: provenance.fetchedFrom,
    fetched_at: provenance.fetchedAt,
    content_hash: provenance.contentHash,
    body: "text",
  };
  for (const key of Object.keys(front)) if (front[key] === undefined) delete front[key];
  // Strings stay strings (a date is not turned into a YAML timestamp and back).
  const yaml = stringify(front, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN", lineWidth: 0 });
  return `---\n${yaml}---\n\n${article.text}\n`;
}

/** The provenance a stored file's front matter records, or undefined when it is not a fetched article. */
export async function readProvenance(corpusDir: string, file: string): Promise<Provenance | undefined> {
  try {
    const content = await readFile(join(corpusDir, file), "utf8");
    const end = content.indexOf("\n---", 3);
    if (!content.startsWith("---") || end === -1) return undefined;
    const head = content.slice(0, end + 4);
    const data = matter(head, { language: "yaml", engines: { yaml: { parse: (s: string) => safeYaml(s) } } }).data as Record<
      string,
      unknown
    >;
    const fetchedFrom = typeof data.fetched_from === "string" ? data.fetched_from : undefined;
    if (!fetchedFrom) return undefined;
    return { fetchedFrom, fetchedAt: String(data.fetched_at ?? ""), contentHash: String(data.content_hash ?? "") };
  } catch {
    return undefined;
  }
}

/** YAML with the Markdown loader's safe settings: the core schema, aliases bounded. */
const safeYaml = (text: string): object => (parseYaml(text, { schema: "core", maxAliasCount: 100, logLevel: "error" }) as object) ?? {};

/** A file name from the URL's path: its last segments, as words ("/2025/06/city-budget.html" → "2025-06-city-budget"). */
function slugOf(url: URL): string {
  const path = decodeURIComponent(url.pathname)
    .replace(/\.[a-z0-9]{1,5}$/i, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return path.slice(-80).replace(/^-+/, "") || "index";
}

/** The host as a folder name ("www.example.com" → "example-com"). */
const hostFolder = (url: URL) => url.hostname.replace(/^www\./, "").replace(/[^a-z0-9]+/g, "-");

const shortHash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 8);

/**
 * The corpus path for a fetched article, from its URL: `web/example-com/2025-06-city-budget`
 * plus the stored format's extension. A URL with a query (or a name another URL holds) gets a
 * short hash of the URL, so two URLs never share a file.
 */
export function storedFileFor(normalizedUrl: string, taken?: boolean): string {
  const url = new URL(normalizedUrl);
  const slug = slugOf(url);
  const unique = url.search || taken ? `-${shortHash(normalizedUrl)}` : "";
  return `${WEB_DIR}/${hostFolder(url)}/${slug}${unique}${extensionOf(STORED_PAGE_FORMAT)}`;
}
