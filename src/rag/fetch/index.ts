import type { CoreConfig } from "../../config/index.js";
import { parseAllowList } from "./addresses.js";
import { createFetcher, type Fetcher } from "./fetcher.js";

export type { Fetcher } from "./fetcher.js";

/** The product token robots.txt rules name. */
const AGENT_TOKEN = "FootnoteBot";
const AGENT_VERSION = "1.0";

/** The User-Agent: the bot's name and version, and where a site's operator learns who is fetching. */
function userAgent(contactUrl: string | undefined): string {
  return `${AGENT_TOKEN}/${AGENT_VERSION}${contactUrl ? ` (+${contactUrl})` : ""}`;
}

/**
 * One crawler per fetch settings in the process: every server library's core shares it, so the
 * one-request-per-host rule and robots.txt cache hold across servers (two servers following the
 * same site take turns), and a thousand libraries do not each hold the host tables.
 */
const crawlers = new WeakMap<CoreConfig["fetch"], Fetcher>();

/** The crawler as the settings describe it. */
export function createFetcherFromConfig(config: CoreConfig["fetch"]): Fetcher {
  let fetcher = crawlers.get(config);
  if (!fetcher) {
    fetcher = newFetcher(config);
    crawlers.set(config, fetcher);
  }
  return fetcher;
}

function newFetcher(config: CoreConfig["fetch"]): Fetcher {
  return createFetcher({
    policy: parseAllowList(config.allow),
    agentToken: AGENT_TOKEN,
    userAgent: userAgent(config.contactUrl),
    delayMs: config.delayMs,
    limits: {
      // Each request names its own limit (a page or document: MAX_DOCUMENT_BYTES, then the text
      // limit once its type is known; a listing: 50 MB, the sitemap protocol's own); this is the fallback.
      maxBytes: 10 * 1024 * 1024,
      connectMs: Math.min(10_000, config.timeoutMs),
      headersMs: Math.min(20_000, config.timeoutMs),
      totalMs: config.timeoutMs,
    },
    maxRedirects: 5,
    maxRetryAfterMs: 60_000,
  });
}
