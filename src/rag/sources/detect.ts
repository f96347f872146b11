import type { ListingParser } from "../corpus/parser-pool.js";
import type { Fetcher } from "../fetch/fetcher.js";
import { RagError } from "../errors.js";
import type { SourceKind } from "./source-list.js";

/** What a URL turned out to be when added as a source, for the moderator's reply. */
export interface Detected {
  kind: SourceKind;
  /** The feed's title, the sitemap's URL count, the page's link count. */
  summary: string;
}

/**
 * Fetches a URL given as a source and says what it is: a feed, a sitemap (or a robots.txt that
 * names sitemaps), or a web page (a site section to crawl). Anything else is refused with why.
 */
export async function detectSource(
  url: string,
  deps: { fetcher: Fetcher; parseListing: ListingParser; maxBytes: number },
): Promise<Detected> {
  const parsed = new URL(url);
  if (parsed.pathname === "/robots.txt") {
    const sitemaps = (await deps.fetcher.robots(parsed.origin)).sitemaps();
    if (sitemaps.length === 0) throw new RagError("INVALID_INPUT", `${url} names no Sitemap:, so there is nothing to sync from it.`);
    return { kind: "sitemap", summary: `robots.txt naming ${sitemaps.length} sitemap${sitemaps.length === 1 ? "" : "s"}` };
  }
  const result = await deps.fetcher.fetch({ url, maxBytes: deps.maxBytes });
  if (result.status !== "ok") {
    throw new RagError(
      "INVALID_INPUT",
      `${url} answered ${result.status === "gone" ? `HTTP ${result.httpStatus}` : "304"}; nothing was added.`,
    );
  }
  const listing = await deps.parseListing(result.body, {
    contentType: result.contentType,
    url: result.url,
    maxUrls: 50_000,
    maxBytes: deps.maxBytes,
  });
  switch (listing.kind) {
    case "feed":
      return {
        kind: "feed",
        summary: `${listing.format.toUpperCase()} feed${listing.title ? ` "${listing.title}"` : ""}, ${listing.items.length} items`,
      };
    case "urlset":
      return { kind: "sitemap", summary: `sitemap of ${listing.urls.length + listing.dropped} URLs` };
    case "sitemap-index":
      return { kind: "sitemap", summary: `sitemap index of ${listing.sitemaps.length + listing.dropped} sitemaps` };
    case "page":
      return { kind: "site", summary: `web page with ${listing.links.length} links` };
    default:
      throw new RagError("INVALID_INPUT", `${url} is not a source Footnote can follow: ${listing.reason}.`);
  }
}
