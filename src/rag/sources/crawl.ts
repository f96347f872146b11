import type { ListingParser } from "../corpus/parser-pool.js";
import type { Fetcher, FetchResult } from "../fetch/fetcher.js";
import { tryNormalizeUrl } from "../fetch/urls.js";
import { ARTICLE_ACCEPT } from "./fetch-article.js";
import { SOURCE_LIMITS, type Source } from "./source-list.js";
import type { SyncState } from "./state.js";

/** A page of a site section, as the crawl fetched it (or why it could not). */
export interface CrawledPage {
  url: string;
  depth: number;
  result: FetchResult | { status: "failed"; reason: string };
}

/** The path prefix a section is kept to: the setting, else the start page's folder ("/news/a.html" → "/news/"). */
function sectionPrefix(source: Source): string {
  if (source.prefix) return source.prefix;
  const path = new URL(source.url).pathname;
  return path.endsWith("/") ? path : path.slice(0, path.lastIndexOf("/") + 1);
}

/**
 * Crawls a site section breadth first from its start page: links on the same origin under the
 * prefix, to the source's depth, at most `max_pages` pages. Pages at the last depth that were
 * stored before are fetched conditionally (their links are not needed); the others in full.
 * Each page is handed to `visit` as it arrives.
 */
export async function crawlSection(
  source: Source,
  deps: {
    fetcher: Fetcher;
    parseListing: ListingParser;
    state: SyncState;
    maxListingBytes: number;
    maxDocumentBytes: number;
    signal?: AbortSignal;
  },
  visit: (page: CrawledPage) => Promise<void>,
): Promise<{ pages: number; dropped: number }> {
  const start = new URL(source.url);
  const prefix = sectionPrefix(source);
  const maxDepth = source.depth ?? SOURCE_LIMITS.depth.default;
  const maxPages = source.max_pages ?? SOURCE_LIMITS.maxPages.default;
  const inSection = (url: URL) => url.origin === start.origin && url.pathname.startsWith(prefix);
  const queue: { url: string; depth: number }[] = [{ url: source.url, depth: 0 }];
  const seen = new Set([source.url]);
  let pages = 0;
  let dropped = 0;
  while (queue.length) {
    const next = queue.shift()!;
    if (pages >= maxPages) {
      dropped += queue.length + 1;
      break;
    }
    pages++;
    const known = next.depth >= maxDepth ? deps.state.article(next.url) : undefined;
    let result: FetchResult;
    try {
      result = await deps.fetcher.fetch({
        url: next.url,
        accept: ARTICLE_ACCEPT,
        etag: known?.etag,
        lastModified: known?.lastModified,
        maxBytes: deps.maxDocumentBytes,
        signal: deps.signal,
      });
    } catch (error) {
      if (next.depth === 0) throw error;
      await visit({ url: next.url, depth: next.depth, result: { status: "failed", reason: (error as Error).message } });
      continue;
    }
    if (result.status === "ok" && next.depth < maxDepth && /html/.test(result.contentType)) {
      const listing = await deps.parseListing(result.body, {
        contentType: result.contentType,
        url: result.url,
        maxUrls: 5000,
        maxBytes: deps.maxListingBytes,
      });
      if (listing.kind === "page") {
        for (const link of listing.links) {
          const url = tryNormalizeUrl(link);
          if (!url || seen.has(url) || !inSection(new URL(url))) continue;
          seen.add(url);
          queue.push({ url, depth: next.depth + 1 });
        }
      }
    }
    await visit({ url: next.url, depth: next.depth, result });
  }
  return { pages, dropped };
}
