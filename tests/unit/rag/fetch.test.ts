import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList, PUBLIC_ONLY, whyAddressRefused } from "../../../src/rag/fetch/addresses.js";
import { createFetcher, retryAfterMs, type FetchSettings } from "../../../src/rag/fetch/fetcher.js";
import { normalizeUrl } from "../../../src/rag/fetch/urls.js";
import { TestSite } from "../../support/test-site.js";

const site = new TestSite();
beforeAll(async () => {
  await site.start();
  site.set({
    "/robots.txt": { body: "User-agent: FootnoteBot\nDisallow: /private/\n\nUser-agent: *\nDisallow:\n", type: "text/plain" },
    "/page": { body: "<p>hello</p>", type: "text/html" },
    "/private/page": { body: "secret", type: "text/html" },
    "/loop": (_req, res) => res.writeHead(302, { location: "/loop" }).end(),
    "/to-metadata": (_req, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
    "/to-file": (_req, res) => res.writeHead(302, { location: "file:///etc/passwd" }).end(),
    "/hop": (_req, res) => res.writeHead(301, { location: "/page" }).end(),
    "/bomb": (_req, res) =>
      res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" }).end(gzipSync(Buffer.alloc(50 * 1024 * 1024))),
    "/trickle": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      const timer = setInterval(() => res.write("x"), 100);
      res.on("close", () => clearInterval(timer));
    },
    "/gone": (_req, res) => res.writeHead(410).end(),
  });
});
afterAll(() => site.stop());

const settings = (overrides: Partial<FetchSettings> = {}): FetchSettings => ({
  policy: parseAllowList(["127.0.0.1"]),
  agentToken: "FootnoteBot",
  userAgent: "FootnoteBot/1.0 (+https://example.org/bot)",
  delayMs: 0,
  limits: { maxBytes: 1024 * 1024, connectMs: 2000, headersMs: 2000, totalMs: 3000 },
  maxRedirects: 5,
  maxRetryAfterMs: 5000,
  ...overrides,
});

describe("the address guard", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["192.168.0.10", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["fd00::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["::ffff:127.0.0.1", "loopback"],
    ["0.0.0.0", "unspecified"],
  ])("GIVEN %s and no allow list THEN it is refused as %s", (address, kind) => {
    expect(whyAddressRefused("h", address, PUBLIC_ONLY)).toContain(kind);
  });

  it.each(["93.184.215.14", "2606:4700::1"])("GIVEN the public address %s THEN it is allowed", (address) => {
    expect(whyAddressRefused("h", address, PUBLIC_ONLY)).toBeUndefined();
  });

  it("GIVEN FETCH_ALLOW_HOSTS with an address, a range and a host name THEN exactly those are allowed", () => {
    const policy = parseAllowList(["127.0.0.1", "10.0.0.0/8", "intranet.example"]);
    expect(whyAddressRefused("x", "127.0.0.1", policy)).toBeUndefined();
    expect(whyAddressRefused("x", "10.200.0.1", policy)).toBeUndefined();
    expect(whyAddressRefused("intranet.example", "192.168.1.1", policy)).toBeUndefined();
    expect(whyAddressRefused("x", "127.0.0.2", policy)).toContain("loopback");
    expect(whyAddressRefused("x", "192.168.1.1", policy)).toContain("private");
  });
});

describe("the fetcher", () => {
  it("GIVEN no allow list THEN the test site on 127.0.0.1 and localhost are refused, before any request", async () => {
    const fetcher = createFetcher(settings({ policy: PUBLIC_ONLY }));
    const before = site.requests.length;
    await expect(fetcher.fetch({ url: `${site.url}/page` })).rejects.toThrow(/loopback/);
    await expect(fetcher.fetch({ url: `${site.url.replace("127.0.0.1", "localhost")}/page` })).rejects.toThrow(/loopback/);
    await expect(fetcher.fetch({ url: "http://169.254.169.254/latest/meta-data/" })).rejects.toThrow(/link-local/);
    await expect(fetcher.fetch({ url: "http://[::1]:9/" })).rejects.toThrow(/loopback/);
    expect(site.requests.length).toBe(before);
  });

  it.each([
    ["file:///etc/passwd", /only http and https/],
    ["ftp://example.org/x", /only http and https/],
    ["not a url", /is not a link/],
  ])("GIVEN %s THEN it is refused", async (url, error) => {
    await expect(createFetcher(settings()).fetch({ url })).rejects.toThrow(error);
  });

  it("GIVEN the allowed test site THEN a page is fetched with the bot's user agent, following a redirect", async () => {
    const result = await createFetcher(settings()).fetch({ url: `${site.url}/hop` });
    expect(result).toMatchObject({ status: "ok", url: `${site.url}/page`, contentType: "text/html" });
    expect(site.hits("/page").at(-1)?.headers["user-agent"]).toBe("FootnoteBot/1.0 (+https://example.org/bot)");
  });

  it("GIVEN redirects to a private address, to file:, and in a loop THEN each is refused with its reason", async () => {
    const fetcher = createFetcher(settings());
    await expect(fetcher.fetch({ url: `${site.url}/to-metadata` })).rejects.toThrow(/link-local/);
    await expect(fetcher.fetch({ url: `${site.url}/to-file` })).rejects.toThrow(/only http and https/);
    await expect(fetcher.fetch({ url: `${site.url}/loop` })).rejects.toThrow(/more than 5 redirects/);
  });

  it("GIVEN a gzip bomb THEN the fetch stops at the byte limit, counted after decompression", async () => {
    await expect(createFetcher(settings()).fetch({ url: `${site.url}/bomb` })).rejects.toThrow(/over the 1048576-byte limit/);
  });

  it("GIVEN a server that trickles a byte at a time THEN it is dropped at the total timeout", async () => {
    const started = Date.now();
    await expect(
      createFetcher(settings({ limits: { ...settings().limits, totalMs: 800 } })).fetch({ url: `${site.url}/trickle` }),
    ).rejects.toThrow(/within 0.8 s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("GIVEN robots.txt disallows a path for FootnoteBot THEN it is not fetched, and the rest is", async () => {
    const fetcher = createFetcher(settings());
    await expect(fetcher.fetch({ url: `${site.url}/private/page` })).rejects.toThrow(/robots.txt disallows/);
    expect(site.hits("/private/page")).toHaveLength(0);
    await expect(fetcher.fetch({ url: `${site.url}/page` })).resolves.toMatchObject({ status: "ok" });
  });

  it("GIVEN a 410 THEN the page is reported gone, not failed", async () => {
    await expect(createFetcher(settings()).fetch({ url: `${site.url}/gone` })).resolves.toMatchObject({ status: "gone", httpStatus: 410 });
  });

  it("GIVEN 429 with Retry-After: 1 THEN the fetch waits a second and tries again", async () => {
    let calls = 0;
    site.set({
      "/busy": (_req, res) => {
        if (calls++ === 0) res.writeHead(429, { "retry-after": "1" }).end();
        else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      },
    });
    const started = Date.now();
    await expect(createFetcher(settings()).fetch({ url: `${site.url}/busy` })).resolves.toMatchObject({ status: "ok" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toBe(2);
  });

  it("GIVEN a Retry-After longer than the fetcher waits THEN it fails saying how long the site asked", async () => {
    site.set({ "/later": (_req, res) => res.writeHead(503, { "retry-after": "3600" }).end() });
    await expect(createFetcher(settings()).fetch({ url: `${site.url}/later` })).rejects.toThrow(/asked to wait 3600 s/);
  });

  it("GIVEN two fetches from one host at once THEN they run one after the other, the pause between them", async () => {
    const fetcher = createFetcher(settings({ delayMs: 300 }));
    await fetcher.fetch({ url: `${site.url}/page` }); // robots.txt and a first page
    const from = site.requests.length;
    await Promise.all([fetcher.fetch({ url: `${site.url}/page?a` }), fetcher.fetch({ url: `${site.url}/page?b` })]);
    const times = site.requests.slice(from).map((r) => r.at);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(290);
  });

  it("GIVEN the validators of a stored copy THEN an unchanged page answers not-modified", async () => {
    site.set({ "/etag": { body: "<p>same</p>", type: "text/html" } });
    const fetcher = createFetcher(settings());
    const first = await fetcher.fetch({ url: `${site.url}/etag` });
    expect(first.status).toBe("ok");
    const again = await fetcher.fetch({ url: `${site.url}/etag`, etag: first.status === "ok" ? first.etag : undefined });
    expect(again.status).toBe("not-modified");
    expect(site.hits("/etag").at(-1)?.headers["if-none-match"]).toBeTruthy();
  });
});

describe("retryAfterMs", () => {
  it.each([
    ["5", 5000],
    ["Thu, 01 Jan 2026 00:00:10 GMT", 10_000],
    ["soon", undefined],
  ])("GIVEN Retry-After %s THEN it waits %s ms", (value, ms) => {
    expect(retryAfterMs(value, Date.parse("2026-01-01T00:00:00Z"))).toBe(ms);
  });
});

describe("normalizeUrl", () => {
  it.each([
    ["https://Example.com:443/a?utm_source=x&b=2&a=1#top", "https://example.com/a?a=1&b=2"],
    ["http://example.com/a?fbclid=1", "http://example.com/a"],
    ["https://example.com./news/", "https://example.com/news/"],
  ])("GIVEN %s THEN it is %s", (raw, normal) => {
    expect(normalizeUrl(raw)).toBe(normal);
  });
});
