/** What a source is: a feed (RSS, Atom, JSON Feed), a sitemap (or a robots.txt naming sitemaps), or a site section to crawl. */
export const SOURCE_KINDS = ["feed", "sitemap", "site"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Defaults and bounds of a source's settings, each said where a person reads it. */
export const SOURCE_LIMITS = {
  /** Minutes between syncs: at least 5 (a feed polled more often is rude), at most a week. */
  every: { min: 5, max: 7 * 24 * 60 },
  /** A site section's link depth from its start page. */
  depth: { default: 2, max: 5 },
  /** A site section's pages per sync. */
  maxPages: { default: 200, max: 10_000 },
} as const;
