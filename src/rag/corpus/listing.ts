import { gunzipSync } from "node:zlib";
import { parseFeed } from "feedsmith";
import { XMLParser } from "fast-xml-parser";
import { parseHTML } from "linkedom";

/**
 * Reading what lists articles: RSS, Atom and JSON feeds, sitemaps (indexes, url sets, news
 * sitemaps, gzipped) and, for a site section, a page's links. Runs in the parse workers: a
 * 50,000-URL sitemap never holds up an answer, and a hostile one is bounded like any file.
 */

/** What the worker is asked to read. */
export interface ListingRequest {
  /** The response's Content-Type. */
  contentType: string;
  /** The URL it came from: relative links are read against it. */
  url: string;
  /** The most URLs (or feed items) kept; the rest are counted in `dropped`. */
  maxUrls: number;
  /** The most bytes a gzipped sitemap may unpack to. */
  maxBytes: number;
}

/** One article a feed lists. */
export interface FeedItem {
  url: string;
  title?: string;
  author?: string;
  published?: string;
  updated?: string;
  /** The item's full content (HTML), when the feed carries it. */
  contentHtml?: string;
  /** Its summary, when that is all there is. */
  summary?: string;
}

/** One URL a sitemap lists. */
export interface SitemapEntry {
  url: string;
  /** `lastmod`, or a news sitemap's `news:publication_date`. */
  lastmod?: string;
  title?: string;
}

export type Listing =
  | { kind: "feed"; format: string; title?: string; items: FeedItem[]; dropped: number }
  | { kind: "sitemap-index"; sitemaps: SitemapEntry[]; dropped: number }
  | { kind: "urlset"; urls: SitemapEntry[]; dropped: number }
  | { kind: "page"; links: string[]; dropped: number }
  | { kind: "unknown"; reason: string };

/** A DTD that declares entities is how an XML bomb or an external entity gets in; no feed or sitemap needs one. */
const ENTITY_DECLARATION = /<!ENTITY/i;

const str = (v: unknown): string | undefined => {
  if (typeof v === "string" && v.trim()) return v.trim();
  if (typeof v === "number") return String(v);
  if (v && typeof v === "object" && "value" in v) return str((v as { value: unknown }).value);
  return undefined;
};

/** A link made absolute against `base`, or undefined when it is not an http(s) link. */
function absolute(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const names = (people: unknown): string | undefined => {
  const list = (Array.isArray(people) ? people : [people])
    .map((p) => str(typeof p === "object" && p && "name" in p ? p.name : p))
    .filter(Boolean);
  return list.length ? list.join(", ") : undefined;
};

/** Feed items of any format as one shape. */
function feedItems(format: string, feed: Record<string, unknown>, base: string): FeedItem[] {
  const out: FeedItem[] = [];
  if (format === "atom") {
    for (const e of (feed.entries as Record<string, unknown>[] | undefined) ?? []) {
      const links = (e.links as { href?: string; rel?: string }[] | undefined) ?? [];
      const link = links.find((l) => !l.rel || l.rel === "alternate")?.href ?? links[0]?.href;
      const url = absolute(link ?? str(e.id), base);
      if (!url) continue;
      const content = e.content as { value?: string; src?: string } | undefined;
      out.push({
        url,
        title: str(e.title),
        author: names(e.authors),
        published: str(e.published),
        updated: str(e.updated),
        contentHtml: str(content?.value),
        summary: str(e.summary),
      });
    }
  } else if (format === "json") {
    for (const i of (feed.items as Record<string, unknown>[] | undefined) ?? []) {
      const url = absolute(str(i.url) ?? str(i.external_url) ?? str(i.id), base);
      if (!url) continue;
      const text = str(i.content_text);
      out.push({
        url,
        title: str(i.title),
        author: names(i.authors),
        published: str(i.date_published),
        updated: str(i.date_modified),
        contentHtml: str(i.content_html) ?? (text ? `<p>${escapeHtml(text).replace(/\n{2,}/g, "</p><p>")}</p>` : undefined),
        summary: str(i.summary),
      });
    }
  } else {
    for (const i of (feed.items as Record<string, unknown>[] | undefined) ?? []) {
      const guid = i.guid as { value?: string; isPermaLink?: boolean } | undefined;
      const url = absolute(str(i.link) ?? (guid?.isPermaLink !== false ? str(guid?.value) : undefined), base);
      if (!url) continue;
      const dc = i.dc as { creators?: string[]; creator?: string; date?: string } | undefined;
      out.push({
        url,
        title: str(i.title),
        author: names(i.authors) ?? names(dc?.creators ?? dc?.creator),
        published: str(i.pubDate) ?? str(dc?.date),
        contentHtml: str((i.content as { encoded?: string } | undefined)?.encoded),
        summary: str(i.description),
      });
    }
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!);

const XML = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // The five XML entities only (sitemap URLs escape & as &amp;); declared entities never get here.
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  isArray: (name) => name === "url" || name === "sitemap",
});

/** A sitemap's entries (`<url>` or `<sitemap>` elements), bounded. */
function sitemapEntries(nodes: Record<string, unknown>[], base: string, max: number): { entries: SitemapEntry[]; dropped: number } {
  const entries: SitemapEntry[] = [];
  let dropped = 0;
  for (const node of nodes) {
    const url = absolute(str(node.loc), base);
    if (!url) continue;
    if (entries.length >= max) {
      dropped++;
      continue;
    }
    const news = node.news as { publication_date?: string; title?: string } | undefined;
    entries.push({ url, lastmod: str(node.lastmod) ?? str(news?.publication_date), title: str(news?.title) });
  }
  return { entries, dropped };
}

/** The page's links (for crawling a site section), absolute, without fragments, deduplicated. */
function pageLinks(html: string, base: string, max: number): Listing {
  const { document } = parseHTML(html);
  const seen = new Set<string>();
  let dropped = 0;
  for (const a of document.querySelectorAll("a[href]")) {
    const url = absolute(a.getAttribute("href") ?? undefined, base);
    if (!url) continue;
    const clean = url.replace(/#.*$/, "");
    if (seen.has(clean)) continue;
    if (seen.size >= max) dropped++;
    else seen.add(clean);
  }
  return { kind: "page", links: [...seen], dropped };
}

/** Reads a listing's bytes: a feed, a sitemap or an HTML page, by what they are (not only what the server calls them). */
export function parseListing(raw: Uint8Array, request: ListingRequest): Listing {
  let bytes = raw;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: request.maxBytes });
    } catch (error) {
      const tooBig = (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
      return { kind: "unknown", reason: tooBig ? `it unpacks to more than ${request.maxBytes} bytes` : "it is not valid gzip" };
    }
  }
  const text = Buffer.from(bytes)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  const head = text.slice(0, 2000).trimStart().toLowerCase();
  if (/^(<!doctype html|<html)/.test(head) || (request.contentType.includes("html") && !head.startsWith("<?xml"))) {
    return pageLinks(text, request.url, request.maxUrls);
  }
  if (ENTITY_DECLARATION.test(text.slice(0, 64 * 1024)))
    return { kind: "unknown", reason: "the XML declares entities (refused: no feed or sitemap needs them)" };
  if (/<(urlset|sitemapindex)[\s>]/.test(text.slice(0, 4000))) {
    const doc = XML.parse(text) as { urlset?: { url?: Record<string, unknown>[] }; sitemapindex?: { sitemap?: Record<string, unknown>[] } };
    if (doc.sitemapindex) {
      const { entries, dropped } = sitemapEntries(doc.sitemapindex.sitemap ?? [], request.url, request.maxUrls);
      return { kind: "sitemap-index", sitemaps: entries, dropped };
    }
    const { entries, dropped } = sitemapEntries(doc.urlset?.url ?? [], request.url, request.maxUrls);
    return { kind: "urlset", urls: entries, dropped };
  }
  try {
    const { format, feed } = parseFeed(text) as { format: string; feed: Record<string, unknown> };
    const items = feedItems(format, feed, request.url);
    return {
      kind: "feed",
      format,
      title: str(feed.title),
      items: items.slice(0, request.maxUrls),
      dropped: Math.max(0, items.length - request.maxUrls),
    };
  } catch {
    return { kind: "unknown", reason: "it is not a feed (RSS, Atom or JSON Feed), a sitemap or a web page" };
  }
}
