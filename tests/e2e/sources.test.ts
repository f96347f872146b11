import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRag, type Rag } from "../../src/rag/index.js";
import { article, makeTempDir, testConfig, writeFiles } from "../support/corpus.js";
import { createFakeEmbedder } from "../support/fake-embedder.js";
import { articlePage, filler, rssFeed, sitemapIndex, TestSite, urlset } from "../support/test-site.js";
import { makePdf } from "../../src/cli/bench/make-pdf.js";
import { makeDocx } from "../support/make-docx.js";

const site = new TestSite();
afterAll(() => site.stop());

/** A fresh corpus and core that may fetch from the test site (and nothing else on 127.0.0.1). */
async function openCore(env: Record<string, string> = {}): Promise<{ rag: Rag; dir: string }> {
  const dir = join(makeTempDir(), "corpus");
  writeFiles(dir, { "seed.md": article("Seed", "A seed article so the corpus is never empty, about gardens and bees.") });
  const rag = await createRag(testConfig(dir, { FETCH_ALLOW_HOSTS: "127.0.0.1", FETCH_DELAY_MS: "0", ...env }), {
    embedder: createFakeEmbedder(),
  });
  await rag.ensureIndex();
  return { rag, dir };
}

const budgetPage = () =>
  articlePage({
    title: "Budget",
    paragraphs: ["The Arden council revised the town budget to $9.6 million on Monday.", ...filler("the budget")],
    jsonLd: {
      "@context": "https://schema.org",
      "@graph": [
        { "@type": "WebSite", name: "Arden Gazette site" },
        {
          "@type": "NewsArticle",
          headline: "Council revises the town budget",
          author: [
            { "@type": "Person", name: "Jane Roe" },
            { "@type": "Person", name: "Sam Poe" },
          ],
          publisher: { "@type": "Organization", name: "Arden Gazette" },
          datePublished: "2025-06-02T09:00:00Z",
          dateModified: "2025-06-03T10:00:00Z",
          inLanguage: "en-GB",
        },
      ],
    },
    canonical: "/news/budget",
  });

beforeAll(async () => {
  await site.start();
  site.set({
    "/robots.txt": { body: `User-agent: *\nDisallow: /private/\nSitemap: ${"{SITE}"}/sitemap_index.xml\n`, type: "text/plain" },
    "/news/budget": { body: budgetPage(), type: "text/html" },
    "/news/library": {
      body: articlePage({
        title: "Library",
        paragraphs: ["The new Arden library opens on Saturday with a reading room.", ...filler("the library")],
        meta: {
          "og:title": "New library opens",
          "og:site_name": "Arden Post",
          "article:published_time": "2025-05-01T08:00:00Z",
          "og:locale": "en_US",
        },
      }),
      type: "text/html",
    },
    "/news/plain": {
      body: articlePage({ title: "Bridge repairs", paragraphs: filler("the footbridge repairs", 5), time: "2025-04-20" }),
      type: "text/html",
    },
    "/nav": {
      body: `<!doctype html><html><head><title>Sections</title></head><body><ul>${Array.from({ length: 40 }, (_, i) => `<li><a href="/s/${i}">Section ${i}</a></li>`).join("")}</ul></body></html>`,
      type: "text/html",
    },
    "/docs/report.pdf": {
      body: makePdf({
        pages: [["Arden water board report", "The board replaced 4.2 miles of water mains in 2024."]],
        info: { title: "Water board report", author: "Arden Water Board" },
      }),
      type: "application/pdf",
    },
    "/private/memo": { body: budgetPage(), type: "text/html" },
  });
  // The robots.txt names the site's own address, known once it listens.
  site.set({ "/robots.txt": { body: `User-agent: *\nDisallow: /private/\nSitemap: ${site.url}/sitemap_index.xml\n`, type: "text/plain" } });
  site.set({
    "/docs/memo.docx": {
      body: await makeDocx(["Memo on the pool", "The pool reopens in June after repairs to its roof and its pumps."], {
        title: "Pool memo",
        creator: "Parks office",
      }),
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
  });
});

describe("adding one URL", () => {
  let core: { rag: Rag; dir: string };
  beforeAll(async () => {
    core = await openCore();
  });

  it("GIVEN a page with JSON-LD THEN it is stored with its metadata and source URL in front matter, indexed and cited", async () => {
    const added = await core.rag.addUrl(`${site.url}/news/budget?utm_source=newsletter#top`);
    expect(added.status).toBe("new");
    expect(added.article).toMatchObject({
      title: "Council revises the town budget",
      author: "Jane Roe and Sam Poe",
      source: "Arden Gazette",
      date: "2025-06-02T09:00:00Z",
      modified: "2025-06-03T10:00:00Z",
      language: "en-GB",
      url: `${site.url}/news/budget`,
    });
    expect(added.file).toBe("web/127-0-0-1/news-budget.md");
    const stored = readFileSync(join(core.dir, added.file), "utf8");
    expect(stored).toMatch(/^---\ntitle: "Council revises the town budget"\n/);
    expect(stored).toContain(`fetched_from: "${site.url}/news/budget"`);
    expect(stored).toContain('body: "text"');
    const answer = await core.rag.ask("What did the Arden council revise the budget to?");
    expect(answer.citations[0]).toMatchObject({ articleId: "web/127-0-0-1/news-budget", source: "Arden Gazette" });
  });

  it("GIVEN the same URL again THEN it is unchanged and nothing is written; a changed page is updated in place", async () => {
    const before = readFileSync(join(core.dir, "web/127-0-0-1/news-budget.md"), "utf8");
    expect((await core.rag.addUrl(`${site.url}/news/budget`)).status).toBe("unchanged");
    expect(readFileSync(join(core.dir, "web/127-0-0-1/news-budget.md"), "utf8")).toBe(before);
    site.set({ "/news/budget": { body: budgetPage().replace("$9.6 million", "$9.8 million"), type: "text/html" } });
    const updated = await core.rag.addUrl(`${site.url}/news/budget`);
    expect(updated).toMatchObject({ status: "updated", file: "web/127-0-0-1/news-budget.md" });
    expect((await core.rag.ask("What did the Arden council revise the budget to?")).answer).toContain("$9.8 million");
    site.set({ "/news/budget": { body: budgetPage(), type: "text/html" } });
  });

  it.each([
    [
      "OpenGraph only",
      "/news/library",
      { title: "New library opens", source: "Arden Post", date: "2025-05-01T08:00:00Z", language: "en-US" },
    ],
    ["no metadata but a <time>", "/news/plain", { title: "Bridge repairs", source: "127.0.0.1", date: "2025-04-20" }],
    ["a PDF", "/docs/report.pdf", { title: "Water board report", author: "Arden Water Board", source: "127.0.0.1" }],
    ["a Word document", "/docs/memo.docx", { title: "Pool memo", author: "Parks office" }],
  ])("GIVEN %s THEN what the page says is understood", async (_name, path, meta) => {
    const added = await core.rag.addUrl(`${site.url}${path}`);
    expect(added.article).toMatchObject(meta);
    expect(core.rag.listArticles().some((a) => a.id === added.article.id)).toBe(true);
  });

  it.each([
    ["a page that is all navigation", "/nav", /mostly links \(navigation, not an article\)/],
    ["a page that is not there", "/missing", /answered HTTP 404/],
    ["a page robots.txt disallows", "/private/memo", /robots\.txt disallows/],
  ])("GIVEN %s THEN nothing is added and the reply says why", async (_name, path, reason) => {
    const before = core.rag.listArticles().length;
    await expect(core.rag.addUrl(`${site.url}${path}`)).rejects.toThrow(reason);
    expect(core.rag.listArticles()).toHaveLength(before);
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", /link-local/],
    ["file:///etc/passwd", /not an http\(s\) link/],
    ["http://10.0.0.1/x", /private/],
  ])("GIVEN %s THEN it is refused before any request", async (url, reason) => {
    await expect(core.rag.addUrl(url)).rejects.toThrow(reason);
  });

  it("GIVEN the allow list is off THEN the test site itself is refused", async () => {
    const strict = await openCore({ FETCH_ALLOW_HOSTS: "" });
    await expect(strict.rag.addUrl(`${site.url}/news/budget`)).rejects.toThrow(/loopback address \(127\.0\.0\.1\)/);
  });
});

describe("sources kept in sync", () => {
  let core: { rag: Rag; dir: string };
  const pool = (n: number) => `<p>${filler(`the pool ${n}`, 8).join("</p><p>")}</p>`;
  beforeAll(async () => {
    core = await openCore();
    site.set({
      "/feed.xml": {
        body: rssFeed([
          {
            title: "Library",
            link: `${site.url}/news/library?utm_source=rss`,
            pubDate: "Thu, 01 May 2025 10:00:00 GMT",
            description: "The library opens.",
          },
          { title: "Pool reopens", link: `${site.url}/news/pool`, pubDate: "Fri, 02 May 2025 10:00:00 GMT", content: pool(1) },
        ]),
        type: "application/rss+xml",
      },
      "/atom.xml": {
        body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>a</id><updated>2025-05-03T00:00:00Z</updated><entry><title>Bridge</title><id>b</id><link href="${site.url}/news/plain"/><updated>2025-05-03T00:00:00Z</updated><summary>Bridge.</summary></entry></feed>`,
        type: "application/atom+xml",
      },
      "/feed.json": {
        body: JSON.stringify({
          version: "https://jsonfeed.org/version/1.1",
          title: "JSON",
          items: [{ id: "r", url: `${site.url}/docs/report.pdf`, title: "Water report", date_published: "2025-03-01T00:00:00Z" }],
        }),
        type: "application/feed+json",
      },
      "/sitemap_index.xml": {
        body: sitemapIndex([`${site.url}/sitemap-news.xml.gz`, `${site.url}/sitemap-pages.xml`]),
        type: "application/xml",
      },
      "/sitemap-news.xml.gz": {
        body: gzipSync(urlset([{ loc: `${site.url}/news/budget`, news: "2025-06-02T09:00:00Z" }])),
        type: "application/gzip",
      },
      "/sitemap-pages.xml": { body: urlset([{ loc: `${site.url}/docs/memo.docx`, lastmod: "2025-02-01" }]), type: "application/xml" },
    });
  });

  it("GIVEN RSS, Atom, JSON Feed and robots.txt's sitemaps THEN each is detected, and a sync stores every article", async () => {
    const kinds = [];
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json", "/robots.txt"])
      kinds.push((await core.rag.sources.add({ url: `${site.url}${path}` })).source.kind);
    expect(kinds).toEqual(["feed", "feed", "feed", "sitemap"]);
    const report = await core.rag.sources.sync({ all: true });
    const files = report.sources.flatMap((s) => s.new.map((a) => a.file)).sort();
    expect(files).toEqual([
      "web/127-0-0-1/docs-memo.md",
      "web/127-0-0-1/docs-report.md",
      "web/127-0-0-1/news-budget.md",
      "web/127-0-0-1/news-library.md",
      "web/127-0-0-1/news-plain.md",
      "web/127-0-0-1/news-pool.md",
    ]);
    expect(report.sources.every((s) => s.failed.length === 0 && !s.error)).toBe(true);
    // The feed carried the pool article whole: its page was never fetched.
    expect(site.hits("/news/pool")).toHaveLength(0);
    expect(report.index?.articles).toBe(7);
    expect((await core.rag.ask("When does the new Arden library open?")).citations[0]?.articleId).toBe("web/127-0-0-1/news-library");
  });

  it("GIVEN nothing changed THEN a second sync asks with validators, downloads no page and embeds nothing", async () => {
    const from = site.requests.length;
    const report = await core.rag.sources.sync({ all: true });
    const requests = site.requests.slice(from);
    expect(report.sources.map((s) => s.listing)).toEqual(["not-modified", "not-modified", "not-modified", "not-modified"]);
    expect(requests.filter((r) => r.status === 200).map((r) => r.path)).toEqual([]);
    expect(requests.every((r) => r.headers["if-none-match"])).toBe(true);
    expect(report.index).toBeUndefined();
  });

  it("GIVEN an item that drops out of the feed THEN its article stays; a new item is added", async () => {
    site.set({
      "/feed.xml": {
        body: rssFeed([
          { title: "Pool update", link: `${site.url}/news/pool-2`, pubDate: "Sat, 03 May 2025 10:00:00 GMT", content: pool(2) },
        ]),
        type: "application/rss+xml",
      },
    });
    const report = await core.rag.sources.sync({ only: `${site.url}/feed.xml` });
    expect(report.sources[0]!.new.map((a) => a.file)).toEqual(["web/127-0-0-1/news-pool-2.md"]);
    expect(existsSync(join(core.dir, "web/127-0-0-1/news-library.md"))).toBe(true);
    expect(core.rag.listArticles().some((a) => a.id === "web/127-0-0-1/news-library")).toBe(true);
  });

  it("GIVEN a moderator removes a synced article THEN no sync brings it back", async () => {
    site.set({ "/news/pool-2": { body: articlePage({ title: "Pool update", paragraphs: filler("the pool 2", 6) }), type: "text/html" } });
    await core.rag.removeArticle("web/127-0-0-1/news-pool-2");
    const report = await core.rag.sources.sync({ only: `${site.url}/feed.xml` });
    expect(report.sources[0]!.new).toEqual([]);
    expect(existsSync(join(core.dir, "web/127-0-0-1/news-pool-2.md"))).toBe(false);
    // Adding it by hand brings it back: the moderator asked for it.
    expect((await core.rag.addUrl(`${site.url}/news/pool-2`)).status).toBe("new");
  });

  it("GIVEN a feed URL that now serves a web page THEN the sync says so, backs off, and keeps the articles", async () => {
    site.set({ "/feed.xml": { body: budgetPage(), type: "text/html" } });
    const report = await core.rag.sources.sync({ only: `${site.url}/feed.xml` });
    expect(report.sources[0]).toMatchObject({ listing: "failed", error: expect.stringMatching(/no longer a feed/) });
    const listed = await core.rag.sources.list();
    const record = listed.sources.find((s) => s.source.url === `${site.url}/feed.xml`)!.record!;
    expect(record.failures).toBe(1);
    expect(Date.parse(record.nextTry!)).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(core.rag.listArticles().some((a) => a.id === "web/127-0-0-1/news-pool")).toBe(true);
  });

  it("GIVEN a feed page given as a feed THEN adding it is refused with what it is", async () => {
    await expect(core.rag.sources.add({ url: `${site.url}/news/library`, kind: "feed" })).rejects.toThrow(
      /is a web page with \d+ links, not a feed/,
    );
  });

  it("GIVEN an XML bomb THEN the listing is refused, nothing expands", async () => {
    site.set({
      "/bomb.xml": {
        body: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>`,
        type: "application/rss+xml",
      },
    });
    await expect(core.rag.sources.add({ url: `${site.url}/bomb.xml` })).rejects.toThrow(/declares entities/);
  });
});

describe("sitemaps, site sections and what leaves", () => {
  it("GIVEN a sitemap over the per-sync cap THEN the newest come first and the rest on the next sync, the listing read whole again", async () => {
    const core = await openCore({ SYNC_MAX_ITEMS: "2" });
    const pages: Record<string, { body: string; type: string }> = {};
    for (let i = 1; i <= 3; i++)
      pages[`/cap/${i}`] = { body: articlePage({ title: `Cap story ${i}`, paragraphs: filler(`cap story ${i}`) }), type: "text/html" };
    site.set({
      ...pages,
      "/cap-sitemap.xml": {
        body: urlset([1, 2, 3].map((i) => ({ loc: `${site.url}/cap/${i}`, lastmod: `2025-01-0${i}` }))),
        type: "application/xml",
      },
    });
    await core.rag.sources.add({ url: `${site.url}/cap-sitemap.xml` });
    const first = await core.rag.sources.sync({ all: true });
    expect(first.sources[0]).toMatchObject({ backlog: 1 });
    expect(first.sources[0]!.new.map((a) => a.title)).toEqual(["Cap story 3", "Cap story 2"]);
    const second = await core.rag.sources.sync({ all: true });
    expect(second.sources[0]).toMatchObject({ listing: "read", backlog: 0 });
    expect(second.sources[0]!.new.map((a) => a.title)).toEqual(["Cap story 1"]);
  });

  it("GIVEN a sitemap of 100,000 URLs THEN it is read in a worker, capped at 50,000, and the sync stays within its item cap", async () => {
    const core = await openCore({ SYNC_MAX_ITEMS: "3" });
    const body = urlset(Array.from({ length: 100_000 }, (_, i) => ({ loc: `${site.url}/big/${i}` })));
    site.set({ "/big-sitemap.xml": { body, type: "application/xml" } });
    await core.rag.sources.add({ url: `${site.url}/big-sitemap.xml` });
    const report = await core.rag.sources.sync({ all: true });
    // 3 fetched (all 404 here), the rest over the caps: 49,997 left for later and 50,000 past the listing's limit.
    expect(report.sources[0]!.failed).toHaveLength(3);
    expect(report.sources[0]!.backlog).toBe(100_000 - 3);
  });

  it("GIVEN a site section THEN the crawl keeps to its prefix, depth and page cap, storing the articles it finds", async () => {
    const core = await openCore();
    const link = (path: string) => `<a href="${path}">${path}</a>`;
    site.set({
      "/sec/": {
        body: `<!doctype html><html><head><title>Section</title></head><body><ul><li>${link("/sec/a")}</li><li>${link("/sec/b")}</li><li>${link("/elsewhere/c")}</li></ul></body></html>`,
        type: "text/html",
      },
      "/sec/a": {
        body: articlePage({ title: "Section story A", paragraphs: [...filler("story A"), `More at ${"/sec/deep"}.`] }).replace(
          "</article>",
          `${link("/sec/deep")}</article>`,
        ),
        type: "text/html",
      },
      "/sec/b": { body: articlePage({ title: "Section story B", paragraphs: filler("story B") }), type: "text/html" },
      "/sec/deep": { body: articlePage({ title: "Too deep", paragraphs: filler("deep") }), type: "text/html" },
      "/elsewhere/c": { body: articlePage({ title: "Outside", paragraphs: filler("outside") }), type: "text/html" },
    });
    await core.rag.sources.add({ url: `${site.url}/sec/`, depth: 1 });
    const report = await core.rag.sources.sync({ all: true });
    expect(report.sources[0]!.new.map((a) => a.title).sort()).toEqual(["Section story A", "Section story B"]);
    // The section front itself is not an article: passed over, not failed.
    expect(report.sources[0]).toMatchObject({ failed: [], skipped: 1 });
    expect(site.hits("/sec/deep")).toHaveLength(0);
    expect(site.hits("/elsewhere/c")).toHaveLength(0);
  });

  it("GIVEN the same article under a tracking link and an AMP copy naming it canonical THEN it is stored once", async () => {
    const core = await openCore();
    site.set({ "/amp/budget": { body: budgetPage().replace('href="/news/budget"', `href="${site.url}/news/budget"`), type: "text/html" } });
    const first = await core.rag.addUrl(`${site.url}/news/budget?utm_campaign=x&fbclid=y`);
    const second = await core.rag.addUrl(`${site.url}/amp/budget`);
    expect(second).toMatchObject({ status: "unchanged", file: first.file });
    expect(core.rag.listArticles().filter((a) => a.title === "Council revises the town budget")).toHaveLength(1);
  });

  it("GIVEN a source that opts in THEN an article whose page answers 410 on three syncs is removed; without it, it stays", async () => {
    const core = await openCore();
    site.set({
      "/gone/1": { body: articlePage({ title: "Short-lived story", paragraphs: filler("the short-lived story") }), type: "text/html" },
      "/gone-feed.xml": {
        body: rssFeed([{ title: "Short-lived", link: `${site.url}/gone/1`, pubDate: "Sat, 03 May 2025 10:00:00 GMT" }]),
        type: "application/rss+xml",
      },
    });
    await core.rag.sources.add({ url: `${site.url}/gone-feed.xml`, removeGone: true });
    await core.rag.sources.sync({ all: true });
    expect(core.rag.listArticles().some((a) => a.title === "Short-lived story")).toBe(true);
    site.set({
      "/gone/1": (_req, res) => res.writeHead(410).end(),
      "/gone-feed.xml": { body: rssFeed([]), type: "application/rss+xml" },
    });
    const removed = [];
    for (let i = 0; i < 3; i++) removed.push(...(await core.rag.sources.sync({ all: true })).sources[0]!.removed);
    expect(removed).toHaveLength(1);
    expect(core.rag.listArticles().some((a) => a.title === "Short-lived story")).toBe(false);
  });

  it("GIVEN a source whose listing answers 429 with a long Retry-After THEN the sync reports it and waits at least that long", async () => {
    const core = await openCore();
    site.set({ "/busy-feed.xml": { body: rssFeed([]), type: "application/rss+xml" } });
    await core.rag.sources.add({ url: `${site.url}/busy-feed.xml` });
    site.set({ "/busy-feed.xml": (_req, res) => res.writeHead(429, { "retry-after": "7200" }).end() });
    const report = await core.rag.sources.sync({ all: true });
    expect(report.sources[0]).toMatchObject({ listing: "failed", error: expect.stringMatching(/asked to wait 7200 s/) });
    const record = (await core.rag.sources.list()).sources[0]!.record!;
    expect(Date.parse(record.nextTry!)).toBeGreaterThanOrEqual(Date.now() + 7100_000);
    // Not due on the schedule while it backs off.
    expect((await core.rag.sources.sync({ all: false })).sources).toEqual([]);
  });
});
