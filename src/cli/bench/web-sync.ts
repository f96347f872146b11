import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CoreConfig } from "../../config/index.js";
import { createRag, type Embedder, type Logger } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";
import { NewsSite, readNewsRecords } from "./news-site.js";

export interface WebSyncResult {
  articles: number;
  firstSync: {
    seconds: number;
    pagesPerSecond: number;
    stored: number;
    failed: number;
    searchableSample: string;
    failures: string[];
    /** The process's resident memory once the whole site is indexed (with the parse cache full of it). */
    rssMB: number;
  };
  secondSync: { seconds: number; bodiesDownloaded: number; notModified: number; passagesEmbedded: number };
  /** `answered`: the reply cites the new article; `how`: given as an answer, or shown among the closest passages. */
  newItem: { seconds: number; answered: boolean; how: string };
  /** Where the fetched corpus was left, for `npm run eval -- news --corpus DIR`. */
  corpusDir: string;
}

/** A made-up story the bench publishes at the top of the feed, then asks about. */
const NEW_STORY = {
  id: "bench-new-story",
  title: "Zorvath harbour opens a floating library",
  text: "The harbour of Zorvath opened a floating library on Monday, moored beside the old ferry pier.\n\nThe library barge holds 4,200 books and opens every day from nine until six, the harbour office said.",
  date: "2025-12-30T09:00:00Z",
  source: "News 2025",
};

/**
 * news-2025 fetched from an outlet's web site on 127.0.0.1 (a sitemap index and an RSS feed):
 * the first sync of the whole site, a second with nothing changed, and one new feed item until
 * it is answered from. Passages get synthetic vectors (embedding speed is measured apart): this
 * measures fetching, extracting, storing and indexing.
 */
export async function measureWebSync(options: {
  base: CoreConfig;
  work: string;
  dataDir: string;
  embedder: Embedder;
  log: Logger;
}): Promise<WebSyncResult> {
  const records = readNewsRecords(join(options.dataDir, "corpus"));
  const site = await new NewsSite(records).start();
  const corpusDir = join(options.work, "corpus");
  await rm(options.work, { recursive: true, force: true });
  await mkdir(corpusDir, { recursive: true });
  // A corpus is never empty: one article of our own beside what the sync brings.
  await writeFile(
    join(corpusDir, "about.md"),
    "---\ntitle: About this bench corpus\n---\n\nArticles fetched from the bench's news site.\n",
  );
  const config: CoreConfig = {
    ...options.base,
    corpus: { ...options.base.corpus, dir: corpusDir },
    index: { ...options.base.index, store: "local", dir: join(options.work, "index") },
    // Our own server on loopback: allowed, and fetched without the pause a real site gets.
    fetch: { ...options.base.fetch, allow: ["127.0.0.1"], delayMs: 0 },
    sync: { ...options.base.sync, maxItems: 100_000 },
  };
  const rag = await createRag(config, { log: options.log, llm: null, embedder: options.embedder });
  try {
    await rag.ensureIndex();
    await rag.sources.add({ url: `${site.url}/sitemap_index.xml` });
    await rag.sources.add({ url: `${site.url}/feed.xml` });

    options.log.info(`first sync of ${records.length} articles from ${site.url}`);
    let started = performance.now();
    const first = await rag.sources.sync({ all: true });
    const firstSeconds = (performance.now() - started) / 1000;
    const stored = first.sources.reduce((n, s) => n + s.new.length, 0);
    const failures = first.sources.flatMap((s) => s.failed.map((f) => `${f.url}: ${f.reason}`));
    const failed = failures.length;
    // Every article searchable: a sample found by its title, by words alone.
    const sample = records.filter((_, i) => i % Math.ceil(records.length / 50) === 0);
    let found = 0;
    for (const r of sample) {
      const hits = await rag.search(r.title, { mode: "bm25", k: 3 });
      if (hits.some((h) => h.article.title === r.title.replace(/\s+/g, " ").trim())) found++;
    }
    // The embedding goes on after the articles are searchable; done before the next measurement.
    await rag.reindex();
    const rssMB = Math.round(process.memoryUsage().rss / 1e6);

    const bodies = site.bodiesSent;
    const notModified = site.notModified;
    started = performance.now();
    const second = await rag.sources.sync({ all: true });
    const secondSeconds = (performance.now() - started) / 1000;
    const bodiesAgain = site.bodiesSent - bodies;
    const notModifiedAgain = site.notModified - notModified;

    site.publish(NEW_STORY);
    started = performance.now();
    await rag.sources.sync({ only: `${site.url}/feed.xml` });
    const answer = await rag.ask("How many books does the floating library in Zorvath hold?");
    const newSeconds = (performance.now() - started) / 1000;

    return {
      articles: records.length,
      firstSync: {
        seconds: firstSeconds,
        pagesPerSecond: stored / firstSeconds,
        stored,
        failed,
        searchableSample: `${found} of ${sample.length}`,
        failures: failures.slice(0, 10),
        rssMB,
      },
      secondSync: {
        seconds: secondSeconds,
        bodiesDownloaded: bodiesAgain,
        notModified: notModifiedAgain,
        passagesEmbedded: second.index?.embedded ?? 0,
      },
      newItem: {
        seconds: newSeconds,
        answered: [...answer.citations, ...(answer.closest ?? [])].some((c) => c.title === NEW_STORY.title),
        how: answer.refused ? "among the closest passages (held back)" : `answered: ${answer.shortAnswer ?? answer.answer.slice(0, 80)}`,
      },
      corpusDir,
    };
  } finally {
    await rag.close();
    await site.stop();
  }
}

export function formatWebSync(r: WebSyncResult): string[] {
  return [
    `Sync of news-2025 (${r.articles} articles) from a web site on 127.0.0.1 (sitemap index + RSS feed):`,
    ...markdownTable(
      ["step", "seconds", "detail"],
      [
        [
          "first sync, until every article is searchable",
          r.firstSync.seconds.toFixed(1),
          `${r.firstSync.stored} stored, ${r.firstSync.failed} failed, ${r.firstSync.pagesPerSecond.toFixed(1)} pages/s; titles found by search: ${r.firstSync.searchableSample}; RSS then ${r.firstSync.rssMB} MB`,
        ],
        [
          "second sync, nothing changed",
          r.secondSync.seconds.toFixed(1),
          `${r.secondSync.bodiesDownloaded} page bodies downloaded, ${r.secondSync.notModified} answered 304, ${r.secondSync.passagesEmbedded} passages embedded`,
        ],
        [
          "one new feed item until ask answers from it",
          r.newItem.seconds.toFixed(1),
          r.newItem.answered ? `cited: ${r.newItem.how}` : "NOT cited",
        ],
      ],
    ),
    ...r.firstSync.failures.map((f) => `failed: ${f}`),
    `The fetched corpus is in ${r.corpusDir} (npm run eval -- news --corpus ${r.corpusDir} compares its answers).`,
  ];
}
