import type { Fetcher } from "../fetch/fetcher.js";
import type { ListingParser } from "../corpus/parser-pool.js";
import type { Listing, ListingRequest, SitemapEntry } from "../corpus/listing.js";
import type { Source } from "./source-list.js";
import type { SourceRecord } from "./state.js";

/** An article a listing names, with what the listing says of it. */
export interface Candidate {
  url: string;
  /** The listing's date for it (feed updated or published, sitemap lastmod): newer than the stored one means re-fetch. */
  listed?: string;
  title?: string;
  author?: string;
  published?: string;
  /** A feed item's full text (HTML), when the feed carries it: no page fetch needed. */
  contentHtml?: string;
}

export interface ListingDeps {
  fetcher: Fetcher;
  parseListing: ListingParser;
  /** Bounds: URLs kept per listing, sitemap levels followed, bytes per listing. */
  maxUrls: number;
  maxSitemapDepth: number;
  maxListingBytes: number;
  signal?: AbortSignal;
}

export interface CandidateList {
  candidates: Candidate[];
  /** Every listing answered 304: nothing new since the last sync. */
  notModified: boolean;
  /** URLs over the caps, not read this time. */
  dropped: number;
}

/** Fewer characters of text than this in a feed item's content is a summary: the article's page is fetched. */
const FULL_TEXT_CHARS = 800;

/** A listing's date as an ISO timestamp (feeds write RFC 822 dates), so dates compare as strings; undefined when unreadable. */
function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const textLength = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim().length;

const ACCEPT_LISTING = "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5";

/** Fetches one listing (conditionally, with the validators the source kept) and reads it in a worker. */
async function readListing(
  url: string,
  record: SourceRecord,
  deps: ListingDeps,
  conditional: boolean,
): Promise<{ listing: Listing; notModified: false } | { notModified: true }> {
  const validators = conditional ? record.validators[url] : undefined;
  const result = await deps.fetcher.fetch({
    url,
    accept: ACCEPT_LISTING,
    etag: validators?.etag,
    lastModified: validators?.lastModified,
    maxBytes: deps.maxListingBytes,
    signal: deps.signal,
  });
  if (result.status === "not-modified") return { notModified: true };
  if (result.status === "gone") throw new Error(`${url} answered ${result.httpStatus}`);
  const request: ListingRequest = {
    contentType: result.contentType,
    url: result.url,
    maxUrls: deps.maxUrls,
    maxBytes: deps.maxListingBytes,
  };
  const listing = await deps.parseListing(result.body, request);
  // Kept for the next sync only once read: a listing that failed is fetched whole again.
  if (listing.kind !== "unknown") record.validators[url] = { etag: result.etag, lastModified: result.lastModified };
  return { listing, notModified: false };
}

/** A feed's items as candidates, newest first. */
async function feedCandidates(source: Source, record: SourceRecord, deps: ListingDeps, conditional: boolean): Promise<CandidateList> {
  const read = await readListing(source.url, record, deps, conditional);
  if (read.notModified) return { candidates: [], notModified: true, dropped: 0 };
  const { listing } = read;
  if (listing.kind !== "feed")
    throw new Error(listing.kind === "unknown" ? `the feed could not be read: ${listing.reason}` : "the URL is no longer a feed");
  const candidates = listing.items.map(
    (item): Candidate => ({
      url: item.url,
      listed: isoTime(item.updated ?? item.published),
      title: item.title,
      author: item.author,
      published: item.published,
      contentHtml: item.contentHtml && textLength(item.contentHtml) >= FULL_TEXT_CHARS ? item.contentHtml : undefined,
    }),
  );
  return { candidates, notModified: false, dropped: listing.dropped };
}

/** A sitemap's URLs (following sitemap indexes, robots.txt's Sitemap lines), newest first. */
async function sitemapCandidates(source: Source, record: SourceRecord, deps: ListingDeps, conditional: boolean): Promise<CandidateList> {
  let roots = [source.url];
  if (new URL(source.url).pathname === "/robots.txt") {
    roots = (await deps.fetcher.robots(new URL(source.url).origin)).sitemaps();
    if (roots.length === 0) throw new Error("robots.txt names no sitemap");
  }
  const entries: SitemapEntry[] = [];
  let dropped = 0;
  let modified = false;
  const seen = new Set<string>();
  const visit = async (url: string, depth: number): Promise<void> => {
    if (seen.has(url) || entries.length >= deps.maxUrls) return;
    seen.add(url);
    const read = await readListing(url, record, deps, conditional);
    if (read.notModified) return;
    modified = true;
    const { listing } = read;
    if (listing.kind === "urlset") {
      const room = deps.maxUrls - entries.length;
      entries.push(...listing.urls.slice(0, room));
      dropped += listing.dropped + Math.max(0, listing.urls.length - room);
    } else if (listing.kind === "sitemap-index") {
      dropped += listing.dropped;
      if (depth >= deps.maxSitemapDepth) {
        dropped += listing.sitemaps.length;
        return;
      }
      // Newest sitemaps first: a news site's archive is split by month.
      const children = [...listing.sitemaps].sort((a, b) => (b.lastmod ?? "").localeCompare(a.lastmod ?? ""));
      for (const child of children) await visit(child.url, depth + 1);
    } else if (url === source.url || roots.length === 1) {
      throw new Error(listing.kind === "unknown" ? `the sitemap could not be read: ${listing.reason}` : "the URL is not a sitemap");
    }
  };
  for (const root of roots) await visit(root, 0);
  const candidates = entries.map((e): Candidate => ({ url: e.url, listed: isoTime(e.lastmod), title: e.title }));
  return { candidates, notModified: !modified, dropped };
}

/** The articles a feed or a sitemap lists now, newest first. */
export async function listCandidates(source: Source, record: SourceRecord, deps: ListingDeps): Promise<CandidateList> {
  // With a backlog, the listing is read whole (a 304 would hide the items still to fetch).
  const conditional = record.backlog === 0;
  const list =
    source.kind === "feed"
      ? await feedCandidates(source, record, deps, conditional)
      : await sitemapCandidates(source, record, deps, conditional);
  list.candidates.sort((a, b) => (b.listed ?? "").localeCompare(a.listed ?? ""));
  return list;
}
