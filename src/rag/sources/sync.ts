import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ArticleParser, ListingParser } from "../corpus/parser-pool.js";
import type { Fetcher } from "../fetch/fetcher.js";
import { FetchError } from "../fetch/http.js";
import { normalizeUrl, tryNormalizeUrl } from "../fetch/urls.js";
import type { Logger } from "../logger.js";
import type { IndexReport } from "../types.js";
import { type Candidate, listCandidates } from "./candidates.js";
import { crawlSection } from "./crawl.js";
import { type FetchArticleResult, fetchArticle, parseFetched, readFetchedArticle } from "./fetch-article.js";
import { loadSourceList, type Source, type SourceKind } from "./source-list.js";
import type { SourceRecord, SyncState } from "./state.js";
import { storeFetchedArticle } from "./store-article.js";
import { readProvenance, storedFileFor } from "./stored-article.js";
import { ARTICLE_FORMATS } from "../corpus/formats.js";

/** An article a sync stored or removed, as a report names it. */
export interface ArticleRef {
  file: string;
  title: string;
  url: string;
}

/** What syncing one source did. */
export interface SourceSyncReport {
  url: string;
  kind: SourceKind;
  /** How its listing went: read, unchanged since the last sync (304), or failed (see `error`). */
  listing: "read" | "not-modified" | "failed";
  error?: string;
  new: ArticleRef[];
  updated: ArticleRef[];
  unchanged: number;
  failed: { url: string; reason: string }[];
  removed: ArticleRef[];
  /** Listed URLs passed over: not articles (a section front), disallowed by robots.txt, or removed by a moderator. */
  skipped: number;
  /** Listed but left for the next sync (over the per-sync cap). */
  backlog: number;
  seconds: number;
}

export interface SyncReport {
  sources: SourceSyncReport[];
  /** Entries of sources.yaml that could not be read. */
  problems: string[];
  /** The reindex that made the new articles searchable, when anything changed. */
  index?: IndexReport;
}

export interface SyncSettings {
  corpusDir: string;
  maxArticleBytes: number;
  maxDocumentBytes: number;
  /** Articles fetched per source per sync, newest first; the rest wait for the next sync. */
  maxItems: number;
  /** Minutes between a source's syncs, unless it sets its own `every`. */
  everyMinutes: number;
  maxUrlsPerListing: number;
  maxSitemapDepth: number;
  maxListingBytes: number;
  /** Gone checks per source per sync, and how many 404/410 in a row remove an article (where a source opts in). */
  goneChecks: number;
  goneAfter: number;
  /** At most this many sources (a server library's limit); unlimited when unset. */
  maxSources?: number;
}

export interface SyncDeps {
  fetcher: Fetcher;
  parse: ArticleParser;
  parseListing: ListingParser;
  log: Logger;
  /** Runs a corpus write one at a time with every other edit (uploads, removals). */
  edit<T>(work: () => Promise<T>): Promise<T>;
  /** Brings the index up to date with the corpus; resolves once the changes are searchable. */
  refreshIndex(): Promise<IndexReport>;
  /** Why a new article of this many bytes would not fit (a server library's limits), or undefined when it fits. */
  room?(bytes: number): Promise<string | undefined>;
  /** Removes an article's file from the corpus and the index (a gone article, where the source opts in); its title. */
  removeFile(file: string): Promise<{ title: string }>;
  now(): Date;
}

/** Reindex during a long sync after this many new or updated articles, so they become searchable as it goes. */
const REINDEX_EVERY_ARTICLES = 250;
/** Items processed at once: fetches to one host stay one at a time (the host gate); this overlaps them with parsing. */
const LANES = 4;

const emptyReport = (source: Source): SourceSyncReport => ({
  url: source.url,
  kind: source.kind,
  listing: "read",
  new: [],
  updated: [],
  unchanged: 0,
  failed: [],
  removed: [],
  skipped: 0,
  backlog: 0,
  seconds: 0,
});

/** When a source whose listing failed `failures` times in a row is tried again: its interval, doubled each time, at most a day. */
function backoffMs(everyMinutes: number, failures: number): number {
  return Math.min(everyMinutes * 60_000 * 2 ** Math.max(0, failures - 1), 24 * 60 * 60_000);
}

const HTML = ARTICLE_FORMATS.find((f) => f.label === "HTML")!;

/** Runs `work` over `items`, `lanes` at a time. */
async function inLanes<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Syncs sources into the corpus: the part of the engine that fetches, stores and reports. */
export function createSyncRunner(settings: SyncSettings, deps: SyncDeps) {
  const articleDeps = {
    fetcher: deps.fetcher,
    parse: deps.parse,
    maxArticleBytes: settings.maxArticleBytes,
    maxDocumentBytes: settings.maxDocumentBytes,
  };
  const exists = (file: string) =>
    stat(join(settings.corpusDir, file)).then(
      () => true,
      () => false,
    );

  /** Stores what a fetch read, as an edit; counts it in the report. */
  async function keep(
    state: SyncState,
    source: Source,
    report: SourceSyncReport,
    url: string,
    read: FetchArticleResult,
    listed: string | undefined,
    changed: () => Promise<void>,
  ): Promise<void> {
    const known = state.article(url);
    if (read.status === "not-modified") {
      if (known)
        await state.record(state.urlsOf(known.file), {
          ...known,
          listed: listed ?? known.listed,
          gone: 0,
          checkedAt: deps.now().toISOString(),
        });
      report.unchanged++;
      return;
    }
    if (read.status === "gone") {
      if (!known) report.failed.push({ url, reason: `HTTP ${read.httpStatus}` });
      else await countGone(state, source, report, known.file);
      return;
    }
    if (read.status === "not-article") {
      if (source.kind === "site") report.skipped++;
      else report.failed.push({ url, reason: read.reason });
      return;
    }
    // A moderator removed this article (by any of its URLs): no sync brings it back.
    if (read.fetched.urls.some((u) => state.removed.has(u))) return void report.skipped++;
    const outcome = await deps.edit(async () => {
      // A server's library has limits: a new article waits (reported as failed) until there is room.
      const full = known ? undefined : await deps.room?.(read.fetched.bytes);
      if (full) return { full };
      return storeFetchedArticle(settings.corpusDir, state, read.fetched, { source: source.url, listed, now: deps.now() });
    });
    if ("full" in outcome) {
      report.failed.push({ url, reason: outcome.full });
      return;
    }
    const ref = { file: outcome.file, title: read.fetched.article.title, url: read.fetched.article.url ?? read.fetched.finalUrl };
    if (outcome.status === "unchanged") report.unchanged++;
    else {
      report[outcome.status].push(ref);
      await changed();
    }
  }

  /** One more 404/410 for a stored article; removed after `goneAfter` in a row when the source opts in. */
  async function countGone(state: SyncState, source: Source, report: SourceSyncReport, file: string): Promise<void> {
    const urls = state.urlsOf(file);
    const record = state.article(urls[0]!)!;
    const gone = (record.gone ?? 0) + 1;
    await state.record(urls, { ...record, gone, checkedAt: deps.now().toISOString() });
    if (!source.remove_gone || gone < settings.goneAfter) return;
    try {
      const { title } = await deps.removeFile(file);
      report.removed.push({ file, title, url: urls[0]! });
    } catch (error) {
      // A reindex running now, say: the article is still gone next sync, and removed then.
      report.failed.push({ url: urls[0]!, reason: `gone, but could not be removed now (${reasonOf(error)}); tried again next sync` });
    }
  }

  /** Whether a listed item needs a fetch (or a look at its file): new, updated since it was stored, or gone from the corpus. */
  function needsWork(state: SyncState, item: Candidate): boolean {
    const url = tryNormalizeUrl(item.url);
    if (!url || state.removed.has(url)) return false;
    const known = state.article(url);
    return !known || (!!item.listed && (!known.listed || item.listed > known.listed));
  }

  /** One feed or sitemap item: skipped, unchanged without a request, read from the feed, or fetched. */
  async function processCandidate(
    state: SyncState,
    source: Source,
    report: SourceSyncReport,
    item: Candidate,
    changed: () => Promise<void>,
  ) {
    const url = tryNormalizeUrl(item.url);
    if (!url) return void report.skipped++;
    if (state.removed.has(url)) return void report.skipped++;
    const known = state.article(url);
    if (known && !(await exists(known.file))) {
      // Deleted from the corpus folder by hand: that is a removal too.
      await state.markRemoved(state.urlsOf(known.file), deps.now().toISOString());
      await state.forgetFile(known.file);
      return void report.skipped++;
    }
    if (!known) {
      // Written by a sync killed before it could journal it: the file says the URL it came from,
      // so it is taken as stored (its ETag is learnt at the next check) rather than fetched again.
      const file = storedFileFor(url);
      const there = await readProvenance(settings.corpusDir, file);
      if (there?.fetchedFrom === url && there.contentHash) {
        const at = deps.now().toISOString();
        await state.record([url], { file, hash: there.contentHash, listed: item.listed, source: source.url, checkedAt: at });
        return void report.unchanged++;
      }
    }
    const newer = !!item.listed && (!known?.listed || item.listed > known.listed);
    if (known && !newer) return void report.unchanged++;
    const hints = { title: item.title, author: item.author, date: item.published ?? item.listed };
    let read: FetchArticleResult;
    try {
      if (item.contentHtml) {
        // The feed carries the whole article: read it from there, no page fetch.
        const html = `<!doctype html><html><head><title>${escapeHtml(item.title ?? "")}</title><link rel="canonical" href="${escapeHtml(url)}"></head><body><article>${item.contentHtml}</article></body></html>`;
        const parsed = await parseFetched(new TextEncoder().encode(html), HTML, { asked: url, final: url }, articleDeps, hints);
        read = parsed.ok
          ? {
              status: "ok",
              fetched: { article: parsed.article, finalUrl: url, urls: parsed.urls, format: "feed item", bytes: html.length },
            }
          : { status: "not-article", reason: parsed.reason };
      } else {
        read = await fetchArticle(url, articleDeps, { etag: known?.etag, lastModified: known?.lastModified, hints });
      }
    } catch (error) {
      return void report.failed.push({ url, reason: reasonOf(error) });
    }
    await keep(state, source, report, url, read, item.listed, changed);
  }

  /** Stored articles of an opted-in source that its listing no longer names, checked a few per sync for 404/410. */
  async function checkGone(state: SyncState, source: Source, report: SourceSyncReport, listed: Set<string>) {
    if (!source.remove_gone) return;
    const files = new Map<string, { url: string; checkedAt: string }>();
    for (const [url, record] of state.articles) {
      if (record.source !== source.url || listed.has(url) || files.has(record.file)) continue;
      files.set(record.file, { url, checkedAt: record.checkedAt ?? "" });
    }
    const due = [...files].sort((a, b) => a[1].checkedAt.localeCompare(b[1].checkedAt)).slice(0, settings.goneChecks);
    for (const [file, { url }] of due) {
      const record = state.article(url)!;
      try {
        const result = await deps.fetcher.fetch({
          url,
          etag: record.etag,
          lastModified: record.lastModified,
          maxBytes: settings.maxDocumentBytes,
        });
        if (result.status === "gone") await countGone(state, source, report, file);
        else await state.record(state.urlsOf(file), { ...record, gone: 0, checkedAt: deps.now().toISOString() });
      } catch (error) {
        deps.log.debug({ url, err: reasonOf(error) }, "gone check failed");
      }
    }
  }

  /** Syncs one source; its listing failing is reported (and backed off), never thrown. */
  async function syncSource(state: SyncState, source: Source, changed: () => Promise<void>): Promise<SourceSyncReport> {
    const started = Date.now();
    const report = emptyReport(source);
    const record: SourceRecord = state.source(source.url);
    try {
      if (source.kind === "site") {
        const crawl = await crawlSection(
          source,
          { ...deps, state, maxListingBytes: settings.maxListingBytes, maxDocumentBytes: settings.maxDocumentBytes },
          async (page) => {
            if (page.result.status === "failed") {
              if (page.result.reason.startsWith("not fetched:")) report.skipped++;
              else report.failed.push({ url: page.url, reason: page.result.reason });
              return;
            }
            const url = normalizeUrl(page.url);
            if (state.removed.has(url)) return void report.skipped++;
            const read = await readFetchedArticle(url, page.result, articleDeps);
            await keep(state, source, report, url, read, undefined, changed);
          },
        );
        report.backlog = crawl.dropped;
      } else {
        const list = await listCandidates(source, record, {
          fetcher: deps.fetcher,
          parseListing: deps.parseListing,
          maxUrls: settings.maxUrlsPerListing,
          maxSitemapDepth: settings.maxSitemapDepth,
          maxListingBytes: settings.maxListingBytes,
        });
        report.listing = list.notModified ? "not-modified" : "read";
        // The cap counts the work to do: items already stored and not updated since cost no request.
        const work = list.candidates.filter((item) => needsWork(state, item));
        report.unchanged += list.candidates.length - work.length;
        const now = work.slice(0, settings.maxItems);
        report.backlog = work.length - now.length + list.dropped;
        await inLanes(now, LANES, (item) => processCandidate(state, source, report, item, changed));
        await checkGone(state, source, report, new Set(list.candidates.flatMap((c) => tryNormalizeUrl(c.url) ?? [])));
      }
      record.failures = 0;
      record.lastError = undefined;
      record.nextTry = undefined;
    } catch (error) {
      report.listing = "failed";
      report.error = reasonOf(error);
      record.failures++;
      record.lastError = report.error;
      const every = source.every ?? settings.everyMinutes;
      const retryAfter = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
      record.nextTry = new Date(deps.now().getTime() + Math.max(backoffMs(every, record.failures), retryAfter)).toISOString();
      deps.log.warn({ source: source.url, failures: record.failures, nextTry: record.nextTry }, `source failed: ${report.error}`);
    }
    record.backlog = report.backlog;
    record.lastSync = deps.now().toISOString();
    record.last = {
      new: report.new.length,
      updated: report.updated.length,
      unchanged: report.unchanged,
      failed: report.failed.length,
      removed: report.removed.length,
    };
    report.seconds = (Date.now() - started) / 1000;
    return report;
  }

  return {
    syncSource,
    processCandidate,
    /** The sources due now (each on its own interval, none backing off), or all of them. */
    async due(state: SyncState, options: { all: boolean; only?: string }): Promise<{ due: Source[]; problems: string[] }> {
      const { sources, problems } = await loadSourceList(settings.corpusDir);
      const wanted = options.only ? normalizeUrl(options.only) : undefined;
      const due = sources.filter((source) => {
        if (wanted) return source.url === wanted;
        return options.all || isDue(source, state, deps.now().getTime(), settings.everyMinutes);
      });
      return { due, problems };
    },
  };
}

/** Whether a source is due a sync: never synced, or its interval passed and it is not backing off. */
export function isDue(source: Source, state: SyncState, now: number, everyMinutes: number): boolean {
  const record = state.sources.get(source.url);
  if (!record?.lastSync) return true;
  if (record.nextTry && Date.parse(record.nextTry) > now) return false;
  return Date.parse(record.lastSync) + (source.every ?? everyMinutes) * 60_000 <= now;
}

const escapeHtml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);

/** A failure as one line for a report. */
export function reasonOf(error: unknown): string {
  if (error instanceof FetchError) return error.message;
  return (error as Error)?.message?.split("\n")[0] ?? String(error);
}

export { REINDEX_EVERY_ARTICLES };
