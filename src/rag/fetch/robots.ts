import robotsParserModule from "robots-parser";

// CommonJS whose types say `export default`: under Node's ESM the import is the function itself.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** What robots.txt says of one URL, for our user agent. */
interface RobotsVerdict {
  allowed: boolean;
  /** The Crawl-delay for us, in milliseconds, if the site sets one. */
  delayMs?: number;
  /** Why a URL is not fetched, when it is not. */
  reason?: string;
}

/** A site's robots.txt, read once and asked about each URL. */
export interface SiteRobots {
  verdict(url: string): RobotsVerdict;
  /** The `Sitemap:` lines. */
  sitemaps(): string[];
}

/** How a robots.txt fetch ended, as RFC 9309 reads it. */
export type RobotsFetch =
  | { status: "ok"; body: string }
  | { status: "missing" } // 4xx: no rules, everything allowed
  | { status: "unreachable"; reason: string }; // 5xx or network: nothing allowed until it answers

/** The longest Crawl-delay honoured: a site asking for more is fetched at this pace (and a sync of it is slow). */
const MAX_CRAWL_DELAY_MS = 60_000;

/** Reads a robots.txt fetch for `origin` and the user agent token `agent` ("FootnoteBot"). */
export function readRobots(origin: string, fetched: RobotsFetch, agent: string): SiteRobots {
  if (fetched.status === "missing") return { verdict: () => ({ allowed: true }), sitemaps: () => [] };
  if (fetched.status === "unreachable") {
    const reason = `${origin}/robots.txt could not be read (${fetched.reason}); the site is not fetched until it can be`;
    return { verdict: () => ({ allowed: false, reason }), sitemaps: () => [] };
  }
  const robots = robotsParser(`${origin}/robots.txt`, fetched.body);
  const delay = robots.getCrawlDelay(agent);
  const delayMs = typeof delay === "number" && delay > 0 ? Math.min(delay * 1000, MAX_CRAWL_DELAY_MS) : undefined;
  return {
    verdict(url) {
      // robots-parser answers undefined for a URL of another origin: those are asked of their own site.
      const allowed = robots.isAllowed(url, agent) !== false;
      return allowed ? { allowed, delayMs } : { allowed, delayMs, reason: `${origin}/robots.txt disallows it for ${agent}` };
    },
    sitemaps: () => robots.getSitemaps(),
  };
}
