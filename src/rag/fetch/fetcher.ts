import { LRUCache } from "lru-cache";
import type { AddressPolicy } from "./addresses.js";
import { createHostGate } from "./hosts.js";
import { FetchError, requestOnce, type RawResponse, type RequestLimits } from "./http.js";
import { readRobots, type RobotsFetch, type SiteRobots } from "./robots.js";

/** How the crawler behaves; FETCH_* settings. */
export interface FetchSettings {
  policy: AddressPolicy;
  /** The product token robots.txt rules name ("FootnoteBot"). */
  agentToken: string;
  /** The whole User-Agent header: the token, the version and the contact URL. */
  userAgent: string;
  /** Pause between two requests to one host (a site's Crawl-delay, if longer, wins). */
  delayMs: number;
  limits: RequestLimits;
  /** Redirects followed per fetch; each is checked as the first request was. */
  maxRedirects: number;
  /** The longest Retry-After waited for in place; a longer one fails the fetch (the source retries on its next sync). */
  maxRetryAfterMs: number;
}

interface FetchRequest {
  url: string;
  /** The Accept header. */
  accept?: string;
  /** Conditional request: the validators of the copy we hold. */
  etag?: string;
  lastModified?: string;
  /** Overrides the settings' byte limit (a PDF may be larger than a page). */
  maxBytes?: number;
  signal?: AbortSignal;
}

export type FetchResult =
  | {
      status: "ok";
      /** The URL that answered, after redirects. */
      url: string;
      contentType: string;
      body: Buffer;
      etag?: string;
      lastModified?: string;
    }
  | { status: "not-modified"; url: string }
  /** 404 or 410: the page is not there (a source may count these before removing an article). */
  | { status: "gone"; url: string; httpStatus: number };

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
  /** The site's robots.txt, fetched once an hour at most. */
  robots(origin: string): Promise<SiteRobots>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ROBOTS_TTL_MS = 60 * 60 * 1000;
/** Retries of one fetch after a 429 or 503 that named a short enough Retry-After. */
const RETRIES_AFTER_WAIT = 2;

/** Retry-After in milliseconds (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const header = (response: RawResponse, name: string) => {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The crawler: polite (robots.txt, one request at a time per host, Retry-After), bounded and guarded. */
export function createFetcher(settings: FetchSettings): Fetcher {
  const gate = createHostGate();
  const robotsCache = new LRUCache<string, Promise<SiteRobots>>({ max: 1000, ttl: ROBOTS_TTL_MS });

  /** One request through the host's gate, waiting out a short Retry-After. */
  async function politely(url: URL, headers: Record<string, string>, maxBytes: number, pauseMs: number, signal?: AbortSignal) {
    for (let attempt = 0; ; attempt++) {
      const response = await gate.run(url.host, pauseMs, () =>
        requestOnce(url, { headers, limits: { ...settings.limits, maxBytes }, policy: settings.policy, signal }),
      );
      if (response.status !== 429 && response.status !== 503) return response;
      const wait = retryAfterMs(header(response, "retry-after"));
      if (wait !== undefined) gate.holdUntil(url.host, Date.now() + wait);
      if (wait === undefined || wait > settings.maxRetryAfterMs || attempt >= RETRIES_AFTER_WAIT) {
        const asked = wait === undefined ? "" : `, and asked to wait ${Math.ceil(wait / 1000)} s`;
        throw Object.assign(new FetchError(`${url.host} answered ${response.status}${asked}`, "network"), { retryAfterMs: wait });
      }
    }
  }

  /** Follows redirects (each one checked again), returning the last response and its URL. */
  async function follow(first: URL, headers: Record<string, string>, maxBytes: number, useRobots: boolean, signal?: AbortSignal) {
    let url = first;
    for (let hop = 0; ; hop++) {
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new FetchError(`only http and https links are fetched, not ${url.protocol.replace(/:$/, "")}:`, "refused");
      }
      let pauseMs = settings.delayMs;
      if (useRobots) {
        const verdict = (await robots(url.origin)).verdict(url.href);
        if (!verdict.allowed) throw new FetchError(`not fetched: ${verdict.reason}`, "refused");
        pauseMs = Math.max(pauseMs, verdict.delayMs ?? 0);
      }
      const response = await politely(url, headers, maxBytes, pauseMs, signal);
      if (!REDIRECTS.has(response.status)) return { url, response };
      const location = header(response, "location");
      if (!location) throw new FetchError(`${url.host} answered ${response.status} without a Location`, "network");
      if (hop >= settings.maxRedirects) throw new FetchError(`more than ${settings.maxRedirects} redirects`, "network");
      url = new URL(location, url);
    }
  }

  // Never stopped by one caller's signal: the answer is shared by every fetch from the site.
  function robots(origin: string): Promise<SiteRobots> {
    let cached = robotsCache.get(origin);
    if (!cached) {
      cached = fetchRobots(origin).then((fetched) => {
        // An unreachable robots.txt is asked again sooner than a good one.
        if (fetched.status === "unreachable") robotsCache.set(origin, cached!, { ttl: 10 * 60 * 1000 });
        return readRobots(origin, fetched, settings.agentToken);
      });
      robotsCache.set(origin, cached);
    }
    return cached;
  }

  async function fetchRobots(origin: string): Promise<RobotsFetch> {
    try {
      const { response } = await follow(new URL("/robots.txt", origin), { "user-agent": settings.userAgent }, 512 * 1024, false);
      if (response.status >= 200 && response.status < 300) return { status: "ok", body: response.body.toString("utf8") };
      if (response.status >= 400 && response.status < 500) return { status: "missing" };
      return { status: "unreachable", reason: `HTTP ${response.status}` };
    } catch (error) {
      if (error instanceof FetchError && error.kind === "refused") throw error;
      return { status: "unreachable", reason: (error as Error).message };
    }
  }

  return {
    robots,
    async fetch(request) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        throw new FetchError(`"${request.url.slice(0, 200)}" is not a link`, "refused");
      }
      const headers: Record<string, string> = { "user-agent": settings.userAgent, accept: request.accept ?? "*/*" };
      if (request.etag) headers["if-none-match"] = request.etag;
      if (request.lastModified) headers["if-modified-since"] = request.lastModified;
      const maxBytes = request.maxBytes ?? settings.limits.maxBytes;
      const { url: final, response } = await follow(url, headers, maxBytes, true, request.signal);
      if (response.status === 304) return { status: "not-modified", url: final.href };
      if (response.status === 404 || response.status === 410) return { status: "gone", url: final.href, httpStatus: response.status };
      if (response.status < 200 || response.status >= 300)
        throw new FetchError(`${final.host} answered HTTP ${response.status}`, "network");
      return {
        status: "ok",
        url: final.href,
        contentType: (header(response, "content-type") ?? "").split(";")[0]!.trim().toLowerCase(),
        body: response.body,
        etag: header(response, "etag"),
        lastModified: header(response, "last-modified"),
      };
    },
  };
}
