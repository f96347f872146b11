import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** One article of the bench's outlet, as news-2025's bulk files hold it. */
export interface NewsRecord {
  id: string;
  title: string;
  text: string;
  date?: string;
  author?: string;
  source?: string;
}

/** Every article of a folder of bulk `.jsonl` files (news-2025's corpus). */
export function readNewsRecords(corpusDir: string): NewsRecord[] {
  const out: NewsRecord[] = [];
  for (const file of readdirSync(corpusDir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    for (const line of readFileSync(join(corpusDir, file), "utf8").split("\n")) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as NewsRecord;
      out.push({ ...r, id: String(r.id) });
    }
  }
  return out;
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
const slug = (id: string) => encodeURIComponent(id.replace(/[^\w-]+/g, "-"));

/**
 * news-2025 served as an outlet's web site on 127.0.0.1, for the sync bench: one HTML page per
 * article with its metadata in JSON-LD, a sitemap index of sitemaps of 1,000 URLs (lastmod the
 * article's date), and an RSS feed of the latest 50 that carries summaries only (so each item's
 * page is fetched). Pages answer 304 to a matching If-None-Match. Requests are counted.
 */
export class NewsSite {
  private server?: Server;
  private readonly pages = new Map<string, { body: string }>();
  private records: NewsRecord[];
  private readonly bySlug = new Map<string, NewsRecord>();
  url = "";
  /** Page bodies sent (200s for article pages), and 304s. */
  bodiesSent = 0;
  notModified = 0;

  constructor(records: NewsRecord[]) {
    this.records = [...records].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
    for (const r of this.records) this.bySlug.set(slug(r.id), r);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  pathOf(record: NewsRecord): string {
    return `/a/${slug(record.id)}.html`;
  }

  /** Publishes a new article at the top of the feed (and in the sitemap). */
  publish(record: NewsRecord): void {
    this.records.unshift(record);
    this.bySlug.set(slug(record.id), record);
  }

  private page(record: NewsRecord): string {
    const ld = {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: record.title,
      datePublished: record.date,
      author: record.author ? { "@type": "Person", name: record.author } : undefined,
      publisher: { "@type": "Organization", name: record.source ?? "News 2025" },
    };
    const paragraphs = record.text
      .split(/\n{2,}|\n/)
      .filter((p) => p.trim())
      .map((p) => `<p>${esc(p)}</p>`)
      .join("\n");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(record.title)} | News 2025</title>
<link rel="canonical" href="${this.url}${this.pathOf(record)}">
<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, "\\u003c")}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>${esc(record.title)}</h1>${paragraphs}</article></main>
<footer>News 2025 bench site. All rights reserved.</footer></body></html>`;
  }

  private sitemapCount = () => Math.ceil(this.records.length / 1000);

  private send(req: IncomingMessage, res: ServerResponse, type: string, body: string): void {
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      this.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    if (req.url?.startsWith("/a/")) this.bodiesSent++;
    res.writeHead(200, { "content-type": type, etag }).end(body);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const found = this.route(req.url ?? "/");
    if (found) this.send(req, res, found.type, found.body);
    else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }

  /** What a path serves: robots.txt, the sitemap index and its sitemaps, the feed, the article pages. */
  private route(path: string): { type: string; body: string } | undefined {
    if (path === "/robots.txt") return { type: "text/plain", body: `User-agent: *\nAllow: /\nSitemap: ${this.url}/sitemap_index.xml\n` };
    if (path === "/sitemap_index.xml") {
      const maps = Array.from({ length: this.sitemapCount() }, (_, i) => `<sitemap><loc>${this.url}/sitemaps/${i}.xml</loc></sitemap>`);
      return {
        type: "application/xml",
        body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${maps.join("")}</sitemapindex>`,
      };
    }
    const map = /^\/sitemaps\/(\d+)\.xml$/.exec(path);
    if (map) {
      const urls = this.records
        .slice(Number(map[1]) * 1000, Number(map[1]) * 1000 + 1000)
        .map((r) => `<url><loc>${this.url}${this.pathOf(r)}</loc>${r.date ? `<lastmod>${esc(r.date)}</lastmod>` : ""}</url>`);
      return {
        type: "application/xml",
        body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join("")}</urlset>`,
      };
    }
    if (path === "/feed.xml") {
      const items = this.records
        .slice(0, 50)
        .map(
          (r) =>
            `<item><title>${esc(r.title)}</title><link>${this.url}${this.pathOf(r)}</link>${r.date ? `<pubDate>${new Date(r.date).toUTCString()}</pubDate>` : ""}<description>${esc(r.text.slice(0, 200))}</description></item>`,
        );
      return {
        type: "application/rss+xml",
        body: `<?xml version="1.0"?><rss version="2.0"><channel><title>News 2025</title><link>${this.url}/</link><description>Latest</description>${items.join("")}</channel></rss>`,
      };
    }
    const article = /^\/a\/([^/]+)\.html$/.exec(path);
    if (!article) return undefined;
    let page = this.pages.get(article[1]!);
    if (!page) {
      const record = this.bySlug.get(article[1]!);
      if (!record) return undefined;
      page = { body: this.page(record) };
      this.pages.set(article[1]!, page);
    }
    return { type: "text/html; charset=utf-8", body: page.body };
  }
}
