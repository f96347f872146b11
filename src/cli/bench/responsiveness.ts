import { cp, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { CoreConfig } from "../../config/index.js";
import { createRag, silentLogger, type Rag } from "../../rag/index.js";
import { makePdf } from "./make-pdf.js";

/** What a moderator may do that parses a lot: add a file, or sync a source (`site` is a server on loopback). */
interface Work {
  name: string;
  run(rag: Rag, site: string): Promise<string>;
}

const upload = (name: string, fileName: string, content: string | Uint8Array): Work => ({
  name,
  run: (rag) =>
    rag
      .addArticle(
        { fileName, content: typeof content === "string" ? new TextEncoder().encode(content) : content },
        { maxBytes: 50 * 1024 * 1024 },
      )
      .then(
        (r) => `added (${r.report.passages} passages in all)`,
        (e: Error) => `rejected: ${e.message}`,
      ),
});

/** A source synced from the loopback server: a 50,000-URL sitemap, a feed of 500 items (their pages missing: listing parsed, fetches fail fast). */
const sync = (name: string, path: string): Work => ({
  name,
  async run(rag, site) {
    await rag.sources.add({ url: `${site}${path}` });
    const report = await rag.sources.sync({ all: true });
    const s = report.sources[0]!;
    return s.error ? `failed: ${s.error}` : `synced: ${s.failed.length} fetched and missing, ${s.backlog} left for later`;
  },
});

/** A sitemap of 50,000 URLs and a feed of 500 items, served on loopback. */
async function startListings(): Promise<{ url: string; stop(): Promise<void> }> {
  const urls = Array.from({ length: 50_000 }, (_, i) => `<url><loc>/p/${i}</loc><lastmod>2025-01-01</lastmod></url>`).join("");
  const items = Array.from(
    { length: 500 },
    (_, i) => `<item><title>Item ${i}</title><link>/i/${i}</link><description>Summary ${i}.</description></item>`,
  ).join("");
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === "/sitemap.xml")
      return void res
        .writeHead(200, { "content-type": "application/xml" })
        .end(
          `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.replaceAll("<loc>/", `<loc>${base}/`)}</urlset>`,
        );
    if (req.url === "/feed.xml")
      return void res
        .writeHead(200, { "content-type": "application/rss+xml" })
        .end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>${base}/</link><description>d</description>${items.replaceAll("<link>/", `<link>${base}/`)}</channel></rss>`,
        );
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Files that once stalled the bot for seconds to minutes when a moderator added them, and the new formats and sources. */
function hostileWork(): Work[] {
  return [
    ...hostileUploads().map((u) => upload(u.name, u.fileName, u.content)),
    upload(
      "PDF of 300 pages (generated)",
      "report.pdf",
      makePdf({
        pages: Array.from({ length: 300 }, (_, p) =>
          Array.from({ length: 40 }, (_, l) => `Page ${p} line ${l}: the quay, the cranes and the ships.`),
        ),
      }),
    ),
    sync("sitemap of 50,000 URLs", "/sitemap.xml"),
    sync("RSS feed of 500 items", "/feed.xml"),
  ];
}

/** Files that once stalled the bot for seconds to minutes when a moderator added them. */
function hostileUploads(): { name: string; fileName: string; content: string }[] {
  const nested = (depth: number) =>
    `<html><head><meta property="og:title" content="Deep ${depth}"></head><body>${"<div>".repeat(depth)}<p>Text.</p>${"</div>".repeat(depth)}</body></html>`;
  const block = `${"<div>".repeat(30)}<p>Paragraph about the quay and its cranes, and the ships.</p>${"</div>".repeat(30)}`;
  let paragraph = "";
  while (paragraph.length < 396_000) paragraph += "The ferry ran late again on the river crossing. ";
  return [
    { name: "HTML nested 1,250 deep (14 KB)", fileName: "deep.html", content: nested(1250) },
    { name: "HTML nested 20,000 deep", fileName: "deeper.html", content: nested(20_000) },
    { name: "one-paragraph text (396 KB)", fileName: "long.txt", content: `River Ferry\n${paragraph}` },
    {
      name: "wide HTML page (1.4 MB, 30 deep)",
      fileName: "wide.html",
      content: `<html><head><meta property="og:title" content="Quay Cranes"></head><body>${block.repeat(3000)}</body></html>`,
    },
    { name: "front matter in JavaScript", fileName: "code.md", content: "---js\n{ title: 'x' }\n---\nBody." },
  ];
}

export interface ResponsivenessRow {
  /** What was added or synced. */
  upload: string;
  outcome: string;
  addSeconds: number;
  /** The longest the main thread was busy: what a Discord acknowledgement would wait for at worst. */
  maxEventLoopStallMs: number;
  asksDuring: number;
  askMaxMs: number;
}

/**
 * Adds each hostile file the way /add-article does (rag.addArticle), and syncs a big sitemap and
 * feed, on a copy of the bundled corpus, asking a question every 100 ms meanwhile, and records
 * how long the event loop stalled.
 */
export async function measureResponsiveness(base: CoreConfig, work: string, bundledCorpus: string): Promise<ResponsivenessRow[]> {
  const rows: ResponsivenessRow[] = [];
  const listings = await startListings();
  for (const [n, upload] of hostileWork().entries()) {
    const dir = join(work, `case-${n}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(bundledCorpus, join(dir, "corpus"), { recursive: true });
    const config: CoreConfig = {
      ...base,
      corpus: { ...base.corpus, dir: join(dir, "corpus") },
      index: { ...base.index, dir: join(dir, "index") },
      fetch: { ...base.fetch, allow: ["127.0.0.1"], delayMs: 0 },
      sync: { ...base.sync, maxItems: 50 },
    };
    const rag = await createRag(config, { log: silentLogger, llm: null });
    await rag.ensureIndex();
    await rag.ask("Who is John Kirby?");

    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const started = performance.now();
    let done = false;
    const adding = upload.run(rag, listings.url).finally(() => (done = true));
    const askTimes: number[] = [];
    while (!done) {
      const t = performance.now();
      await rag.ask("Who is the US National Security spokesperson quoted about the arms sales?");
      askTimes.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    const outcome = await adding;
    stalls.disable();
    rows.push({
      upload: upload.name,
      outcome,
      addSeconds: (performance.now() - started) / 1000,
      maxEventLoopStallMs: stalls.max / 1e6,
      asksDuring: askTimes.length,
      askMaxMs: Math.max(0, ...askTimes),
    });
  }
  await listings.stop();
  return rows;
}
