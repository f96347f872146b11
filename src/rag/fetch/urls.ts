/**
 * Query parameters that only track where a reader came from: the same article, whatever their
 * values. Exact names, then prefixes.
 */
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "mc_cid",
  "mc_eid",
  "igshid",
  "yclid",
  "twclid",
  "ref_src",
  "cmpid",
  "ocid",
  "_ga",
  "_gl",
]);
const TRACKING_PREFIXES = ["utm_", "__hs", "pk_", "mtm_", "at_"];

const isTracking = (name: string) => {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
};

/**
 * One spelling per article: the URL parser's normal form (lower-case scheme and host, default
 * port dropped, percent-encoding normalised), without the fragment, tracking parameters or an
 * empty query, the remaining parameters in order. Throws on what is not an http(s) URL.
 */
export function normalizeUrl(raw: string): string {
  const url = new URL(raw.trim());
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`not an http(s) link: ${raw.slice(0, 200)}`);
  url.hash = "";
  url.username = "";
  url.password = "";
  const kept = [...url.searchParams].filter(([name]) => !isTracking(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = kept.length ? new URLSearchParams(kept).toString() : "";
  // "example.com." and "example.com" are one host.
  url.hostname = url.hostname.replace(/\.$/, "");
  return url.href;
}

/** The URL normalised, or undefined when it is not an http(s) link. */
export function tryNormalizeUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return normalizeUrl(raw);
  } catch {
    return undefined;
  }
}
