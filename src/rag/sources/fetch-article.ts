import { basename, extname } from "node:path";
import { extensionOf, formatOf, formatOfMediaType, type ArticleFormat } from "../corpus/formats.js";
import type { ArticleParser } from "../corpus/parser-pool.js";
import { formatBytes } from "../corpus/read.js";
import { isoDate } from "../corpus/html-meta.js";
import { parseArticleMeta } from "../corpus/metadata.js";
import type { Fetcher, FetchResult } from "../fetch/fetcher.js";
import { tryNormalizeUrl } from "../fetch/urls.js";
import type { Article } from "../types.js";

/** An article as fetched, before it is stored: its fields, and what the fetch said of it. */
export interface FetchedArticle {
  article: Omit<Article, "id" | "file" | "abbreviations">;
  /** The URL that answered (after redirects), normalised. */
  finalUrl: string;
  /** The URLs this article is known by: the one asked for, the one that answered, its canonical link on the same site. */
  urls: string[];
  etag?: string;
  lastModified?: string;
  /** What was fetched: its format's name and size, for the moderator's reply. */
  format: string;
  bytes: number;
}

export type FetchArticleResult =
  | { status: "ok"; fetched: FetchedArticle }
  | { status: "not-modified" }
  | { status: "gone"; httpStatus: number }
  | { status: "not-article"; reason: string };

/** Hints from the listing that found the URL: used where the page itself says nothing. */
export interface ListingHints {
  title?: string;
  author?: string;
  date?: string;
}

export interface FetchArticleDeps {
  fetcher: Fetcher;
  parse: ArticleParser;
  /** The byte limits of text and of documents (PDF, DOCX). */
  maxArticleBytes: number;
  maxDocumentBytes: number;
}

/** Fewer words than this and a web page is not an article (a login gate, an empty template): news briefs run to 20 words. */
const MIN_PAGE_WORDS = 15;

/** What an article fetch accepts: pages first, then documents. */
export const ARTICLE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,*/*;q=0.5";

/** The format of a fetched body: by its Content-Type, else by the URL's extension (a server that says octet-stream). */
function formatOfFetched(contentType: string, url: string): ArticleFormat | undefined {
  const byType = formatOfMediaType(contentType);
  if (byType) return byType;
  if (contentType && contentType !== "application/octet-stream" && contentType !== "binary/octet-stream") return undefined;
  return formatOf(new URL(url).pathname);
}

const hostName = (url: string) => new URL(url).hostname.replace(/^www\./, "");

/** A canonical link counts only on the page's own site: another site's would let a page claim (and overwrite) an article it is not. */
function sameSite(a: string, b: string): boolean {
  return hostName(a) === hostName(b);
}

/**
 * Parses fetched bytes as an article, in the parse workers, and fills what the page left out
 * from the listing's hints and the URL (the outlet is the site's name at worst).
 */
export async function parseFetched(
  bytes: Uint8Array,
  format: ArticleFormat,
  at: { asked: string; final: string },
  deps: Pick<FetchArticleDeps, "parse">,
  hints: ListingHints = {},
): Promise<{ ok: true; article: FetchedArticle["article"]; urls: string[] } | { ok: false; reason: string }> {
  // Named after the URL's last segment: a document with no title of its own is titled from it.
  const name = basename(new URL(at.final).pathname, extname(new URL(at.final).pathname)).replace(/[^\w.-]+/g, "-") || "fetched";
  const parsed = await deps.parse(bytes, `${name}${extensionOf(format)}`);
  const first = parsed.articles[0];
  if (!first) return { ok: false, reason: parsed.skipped[0]?.reason ?? "no article found" };
  const words = first.text.split(/\s+/).length;
  if (!format.binary && words < MIN_PAGE_WORDS) {
    return {
      ok: false,
      reason: `the page has ${words} words of text, too few for an article (a section front, a gate or a page drawn by scripts)`,
    };
  }
  const { id: _id, file: _file, abbreviations: _a, ...fields } = first;
  const canonical = tryNormalizeUrl(fields.url);
  const url = canonical && sameSite(canonical, at.final) ? canonical : at.final;
  // Checked as the corpus loader will check the stored file: what is stored always loads.
  const meta = parseArticleMeta({
    title: format.binary && hints.title ? hints.title : fields.title || hints.title || hostName(at.final),
    author: fields.author ?? hints.author,
    source: fields.source ?? hostName(at.final),
    date: fields.date ?? isoDate(hints.date),
    modified: fields.modified,
    url,
    language: fields.language,
    tags: fields.tags,
  });
  if (!meta.ok) return { ok: false, reason: meta.reason };
  const article = { ...meta.meta, text: fields.text };
  return { ok: true, article, urls: [...new Set([at.asked, at.final, url])] };
}

/** Reads the article in a fetch's answer (see fetchArticle), for a page a crawl already fetched. */
export async function readFetchedArticle(
  askedUrl: string,
  result: FetchResult,
  deps: FetchArticleDeps,
  hints?: ListingHints,
): Promise<FetchArticleResult> {
  if (result.status === "not-modified") return { status: "not-modified" };
  if (result.status === "gone") return { status: "gone", httpStatus: result.httpStatus };
  const finalUrl = tryNormalizeUrl(result.url) ?? result.url;
  const format = formatOfFetched(result.contentType, finalUrl);
  if (!format || format.records) {
    const what = result.contentType || `a file of type ${extname(new URL(finalUrl).pathname) || "unknown"}`;
    return { status: "not-article", reason: `the link serves ${what}, not an article (web page, PDF, Word document or text)` };
  }
  if (!format.binary && result.body.byteLength > deps.maxArticleBytes) {
    return {
      status: "not-article",
      reason: `the page is ${formatBytes(result.body.byteLength)}, over the ${formatBytes(deps.maxArticleBytes)} limit`,
    };
  }
  const read = await parseFetched(result.body, format, { asked: askedUrl, final: finalUrl }, deps, hints);
  if (!read.ok) return { status: "not-article", reason: read.reason };
  return {
    status: "ok",
    fetched: {
      article: read.article,
      finalUrl,
      urls: read.urls,
      etag: result.etag,
      lastModified: result.lastModified,
      format: format.label,
      bytes: result.body.byteLength,
    },
  };
}

/**
 * Fetches one URL and reads the article there: a web page (Readability, its metadata), a PDF or
 * a Word document, or text. A conditional request when the validators of the stored copy are given.
 */
export async function fetchArticle(
  askedUrl: string,
  deps: FetchArticleDeps,
  options: { etag?: string; lastModified?: string; hints?: ListingHints; signal?: AbortSignal } = {},
): Promise<FetchArticleResult> {
  const result = await deps.fetcher.fetch({
    url: askedUrl,
    accept: ARTICLE_ACCEPT,
    etag: options.etag,
    lastModified: options.lastModified,
    maxBytes: deps.maxDocumentBytes,
    signal: options.signal,
  });
  return readFetchedArticle(askedUrl, result, deps, options.hints);
}
