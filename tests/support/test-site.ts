import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

/** What a route answers: a body with a type (ETag and Last-Modified added, 304 honoured), or a handler of its own. */
export type Route =
  | { body: string | Uint8Array; type: string; lastModified?: string; gzip?: boolean; etag?: false }
  | ((req: IncomingMessage, res: ServerResponse) => void);

export interface SiteRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** What the site answered. */
  status?: number;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

/**
 * A web site on 127.0.0.1 that tests fill with pages, feeds, sitemaps and documents, and whose
 * requests they read back (which were conditional, which got 304, what the user agent said).
 */
export class TestSite {
  readonly routes = new Map<string, Route>();
  readonly requests: SiteRequest[] = [];
  private server?: Server;
  url = "";

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

  /** Adds (or replaces) routes, path → answer. */
  set(routes: Record<string, Route>): this {
    for (const [path, route] of Object.entries(routes)) this.routes.set(path, route);
    return this;
  }

  /** Requests for `path` (with its query), in order. */
  hits(path: string): SiteRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const record: SiteRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, at: Date.now() };
    this.requests.push(record);
    res.on("finish", () => {
      record.status = res.statusCode;
    });
    const route = this.routes.get(req.url ?? "/") ?? this.routes.get((req.url ?? "/").split("?")[0]!);
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    if (typeof route === "function") {
      route(req, res);
      return;
    }
    const bytes = typeof route.body === "string" ? Buffer.from(route.body) : Buffer.from(route.body);
    const etag = `"${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}"`;
    const headers: Record<string, string> = { "content-type": route.type };
    if (route.etag !== false) headers.etag = etag;
    if (route.lastModified) headers["last-modified"] = route.lastModified;
    if (route.etag !== false && req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    if (route.gzip) {
      headers["content-encoding"] = "gzip";
      res.writeHead(200, headers).end(gzipSync(bytes));
      return;
    }
    res.writeHead(200, headers).end(bytes);
  }
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);

/** An article page: paragraphs of text, with whatever metadata the test gives (JSON-LD, OpenGraph, none). */
export function articlePage(options: {
  title: string;
  paragraphs: string[];
  jsonLd?: Record<string, unknown>;
  meta?: Record<string, string>;
  canonical?: string;
  lang?: string;
  time?: string;
}): string {
  const meta = Object.entries(options.meta ?? {})
    .map(([k, v]) =>
      k.startsWith("og:") || k.startsWith("article:")
        ? `<meta property="${k}" content="${esc(v)}">`
        : `<meta name="${k}" content="${esc(v)}">`,
    )
    .join("\n");
  return `<!doctype html><html${options.lang ? ` lang="${options.lang}"` : ""}><head><title>${esc(options.title)} | The Site</title>
${meta}
${options.canonical ? `<link rel="canonical" href="${esc(options.canonical)}">` : ""}
${options.jsonLd ? `<script type="application/ld+json">${JSON.stringify(options.jsonLd)}</script>` : ""}
</head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/about">About</a></nav>
<article><h1>${esc(options.title)}</h1>${options.time ? `<time datetime="${options.time}">${options.time}</time>` : ""}
${options.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("\n")}
</article>
<footer>Copyright The Site. All rights reserved.</footer>
</body></html>`;
}

/** Filler sentences on a theme, so a page has enough text to count as an article. */
export const filler = (topic: string, n = 4) =>
  Array.from(
    { length: n },
    (_, i) =>
      `Paragraph ${i + 1} about ${topic} gives residents more detail on the plan, the schedule and what it costs the town over the coming years.`,
  );

/** An RSS 2.0 feed of items. */
export function rssFeed(items: { title: string; link: string; pubDate?: string; description?: string; content?: string }[]): string {
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Site news</title><link>http://example.invalid/</link><description>News</description>
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ""}${i.description ? `<description>${esc(i.description)}</description>` : ""}${i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ""}</item>`,
  )
  .join("\n")}
</channel></rss>`;
}

/** A sitemap url set (a news sitemap when entries carry a publication date). */
export function urlset(entries: { loc: string; lastmod?: string; news?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${entries
  .map(
    (e) =>
      `<url><loc>${esc(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ""}${e.news ? `<news:news><news:publication><news:name>Site</news:name><news:language>en</news:language></news:publication><news:publication_date>${e.news}</news:publication_date><news:title>t</news:title></news:news>` : ""}</url>`,
  )
  .join("\n")}
</urlset>`;
}

/** A sitemap index. */
export function sitemapIndex(locs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<sitemap><loc>${esc(l)}</loc></sitemap>`).join("")}</sitemapindex>`;
}
