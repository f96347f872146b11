import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { RagError } from "../errors.js";
import { FetchError } from "../fetch/http.js";
import { normalizeUrl } from "../fetch/urls.js";
import { detectSource, type Detected } from "./detect.js";
import { fetchArticle, type FetchedArticle } from "./fetch-article.js";
import {
  addToSourceList,
  checkSourceCount,
  loadSourceList,
  parseSource,
  removeFromSourceList,
  type Source,
  type SourceKind,
} from "./source-list.js";
import { SyncState, type SourceRecord } from "./state.js";
import { storeFetchedArticle, type StoreOutcome } from "./store-article.js";
import { createSyncRunner, isDue, reasonOf, REINDEX_EVERY_ARTICLES, type SyncDeps, type SyncReport, type SyncSettings } from "./sync.js";

export type { Source } from "./source-list.js";
export type { SyncReport, SourceSyncReport, ArticleRef } from "./sync.js";
export type { FetchedArticle } from "./fetch-article.js";

/** A source with how its syncs have gone, for `/sources list`. */
export interface SourceStatus {
  source: Source;
  record?: SourceRecord;
}

/** What a moderator gives to add a source; the kind is found by fetching it when not given. */
export interface SourceInput {
  url: string;
  kind?: SourceKind;
  every?: number;
  removeGone?: boolean;
  prefix?: string;
  depth?: number;
  maxPages?: number;
  addedBy?: string;
}

/** True when the sync lock's owner ran on this machine and its process has ended. */
async function ownerIsGone(ownerPath: string): Promise<boolean> {
  try {
    const owner = JSON.parse(await readFile(ownerPath, "utf8")) as { pid?: number; host?: string };
    if (owner.host !== hostname() || typeof owner.pid !== "number" || owner.pid === process.pid) return false;
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** A URL or a source that could not be fetched, said as the moderator's error. */
function fetchFailed(url: string, error: unknown): RagError {
  if (error instanceof RagError) return error;
  if (error instanceof FetchError)
    return new RagError("INVALID_INPUT", `${url} could not be fetched: ${error.message}. Nothing was changed.`);
  return new RagError("INVALID_INPUT", `${url} could not be fetched: ${reasonOf(error)}. Nothing was changed.`);
}

/**
 * Articles from where they live: one URL at a time, and sources (feeds, sitemaps, site sections)
 * kept in sync. The corpus folder stays the one truth: everything fetched is a file there.
 */
export function createSources(settings: SyncSettings, deps: SyncDeps) {
  const runner = createSyncRunner(settings, deps);
  const articleDeps = {
    fetcher: deps.fetcher,
    parse: deps.parse,
    maxArticleBytes: settings.maxArticleBytes,
    maxDocumentBytes: settings.maxDocumentBytes,
  };
  /** The state of the sync running now (shared with URL adds meanwhile), if one is. */
  let running: { state: SyncState; done: Promise<SyncReport> } | undefined;

  const withState = async <T>(work: (state: SyncState) => Promise<T>): Promise<T> => {
    if (running) return work(running.state);
    const state = await SyncState.load(settings.corpusDir);
    const result = await work(state);
    await state.save();
    return result;
  };

  /**
   * The lock that keeps two processes (the bot, a cron's npm run sync) from syncing one corpus at
   * once. A lock whose owner on this machine is no longer running (killed with -9) is taken over
   * at once, not after the minute it takes to go stale.
   */
  async function lockCorpus(): Promise<() => Promise<void>> {
    const dir = join(settings.corpusDir, ".footnote");
    await mkdir(dir, { recursive: true });
    const lockfilePath = join(dir, "sync.lock");
    // Inside the lock's own folder: it goes with the lock, so a finished sync's owner is never read as this one's.
    const ownerPath = join(lockfilePath, "owner");
    const take = () =>
      lockfile.lock(dir, {
        lockfilePath,
        realpath: false,
        stale: 60_000,
        update: 10_000,
        retries: 0,
        onCompromised: (error) => deps.log.warn({ err: error.message }, "sync lock was compromised"),
      });
    let release: () => Promise<void>;
    try {
      release = await take();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (!(await ownerIsGone(ownerPath))) {
        throw new RagError("SYNC_IN_PROGRESS", "Another process is syncing this corpus; try again when it finishes.");
      }
      deps.log.info("the last sync's process is gone (killed?); taking over its lock and resuming from its journal");
      await rm(lockfilePath, { recursive: true, force: true });
      release = await take();
    }
    await writeFile(ownerPath, JSON.stringify({ pid: process.pid, host: hostname() }));
    return async () => {
      await rm(ownerPath, { force: true });
      await release();
    };
  }

  /** Reindexes in the background as a long sync goes, one at a time; `flush` waits for the last. */
  function createRefresher() {
    let inFlight: Promise<unknown> | undefined;
    let dirty = false;
    let since = 0;
    const run = (): Promise<unknown> => {
      dirty = false;
      inFlight = deps
        .refreshIndex()
        .catch((error: unknown) => deps.log.warn({ err: reasonOf(error) }, "a reindex during the sync failed; the next one retries"))
        .finally(() => {
          inFlight = undefined;
          if (dirty) void run();
        });
      return inFlight;
    };
    return {
      changed: async () => {
        if (++since < REINDEX_EVERY_ARTICLES) return;
        since = 0;
        if (inFlight) dirty = true;
        else void run();
      },
      async flush() {
        while (inFlight) await inFlight;
        return deps.refreshIndex();
      },
    };
  }

  async function sync(
    options: { all?: boolean; only?: string; onSource?: (report: SyncReport["sources"][number]) => void } = {},
  ): Promise<SyncReport> {
    if (running) throw new RagError("SYNC_IN_PROGRESS", "A sync is running; its report will say what changed.");
    // No sources: nothing to lock, load or save (the bot's schedule asks every minute).
    const listed = await loadSourceList(settings.corpusDir);
    if (listed.sources.length === 0 && !options.only) return { sources: [], problems: listed.problems };
    const release = await lockCorpus();
    const state = await SyncState.load(settings.corpusDir);
    const done = (async (): Promise<SyncReport> => {
      const { due, problems } = await runner.due(state, { all: options.all ?? false, only: options.only });
      if (options.only && due.length === 0) throw new RagError("INVALID_INPUT", `${options.only} is not a source (see /sources list).`);
      const refresher = createRefresher();
      const report: SyncReport = { sources: [], problems };
      for (const source of due) {
        const one = await runner.syncSource(state, source, refresher.changed);
        report.sources.push(one);
        options.onSource?.(one);
        deps.log.info(
          {
            source: one.url,
            new: one.new.length,
            updated: one.updated.length,
            unchanged: one.unchanged,
            failed: one.failed.length,
            removed: one.removed.length,
            ...(one.failed.length ? { failures: one.failed.slice(0, 10) } : {}),
          },
          `synced ${one.url}${one.error ? `: ${one.error}` : ""}`,
        );
      }
      await state.save();
      if (report.sources.some((s) => s.new.length || s.updated.length || s.removed.length)) {
        try {
          report.index = await refresher.flush();
        } catch (error) {
          // The articles are stored; the index catches up with the next reindex (or sync).
          report.problems.push(
            `the reindex after the sync failed (${reasonOf(error)}); the articles are in the corpus, and the next reindex indexes them`,
          );
        }
      }
      return report;
    })();
    running = { state, done };
    try {
      return await done;
    } finally {
      running = undefined;
      await release().catch(() => undefined);
    }
  }

  return {
    sync,
    /** True while a sync runs in this process. */
    get syncing() {
      return running !== undefined;
    },
    /** Fetches a URL and reads its article (nothing stored yet): the slow part of adding a URL, outside any edit. */
    async fetchUrl(raw: string): Promise<FetchedArticle> {
      let url: string;
      try {
        url = normalizeUrl(raw);
      } catch {
        throw new RagError("INVALID_INPUT", `"${raw.slice(0, 200)}" is not an http(s) link.`);
      }
      let read: Awaited<ReturnType<typeof fetchArticle>>;
      try {
        read = await fetchArticle(url, articleDeps);
      } catch (error) {
        throw fetchFailed(url, error);
      }
      if (read.status === "ok") return read.fetched;
      if (read.status === "gone") throw new RagError("INVALID_INPUT", `${url} answered HTTP ${read.httpStatus}; nothing was added.`);
      if (read.status === "not-article") throw new RagError("INVALID_INPUT", `Nothing was added from ${url}: ${read.reason}.`);
      throw new RagError("INVALID_INPUT", `${url} answered 304 to a plain request; nothing was added.`);
    },
    /** Stores a fetched article (run it as an edit); a moderator's add brings back a URL removed before. */
    storeFetched(fetched: FetchedArticle, room?: () => Promise<void>): Promise<StoreOutcome> {
      return withState(async (state) => {
        // Only a new article needs room (a library's limits); an update replaces its file.
        if (room && !fetched.urls.some((u) => state.article(u))) await room();
        state.unmarkRemoved(fetched.urls);
        return storeFetchedArticle(settings.corpusDir, state, fetched, { now: deps.now() });
      });
    },
    /** A moderator removed the article in `file`: the URLs it came from are never synced back. */
    articleRemoved(file: string): Promise<void> {
      return withState(async (state) => {
        const urls = state.urlsOf(file);
        if (urls.length === 0) return;
        await state.markRemoved(urls, deps.now().toISOString());
        await state.forgetFile(file);
      });
    },
    async list(): Promise<{ sources: SourceStatus[]; problems: string[] }> {
      const { sources, problems } = await loadSourceList(settings.corpusDir);
      const state = running?.state ?? (await SyncState.load(settings.corpusDir));
      return { sources: sources.map((source) => ({ source, record: state.sources.get(source.url) })), problems };
    },
    /** Adds a source after fetching it once to see what it is (and that it answers). */
    async add(input: SourceInput): Promise<{ source: Source; detected: Detected }> {
      let url: string;
      try {
        url = normalizeUrl(input.url);
      } catch {
        throw new RagError("INVALID_INPUT", `"${input.url.slice(0, 200)}" is not an http(s) link.`);
      }
      // Full before anything is fetched: checked again when it is written.
      if (settings.maxSources !== undefined)
        checkSourceCount((await loadSourceList(settings.corpusDir)).sources.length, settings.maxSources);
      let detected: Detected;
      try {
        detected = await detectSource(url, { fetcher: deps.fetcher, parseListing: deps.parseListing, maxBytes: settings.maxListingBytes });
      } catch (error) {
        throw fetchFailed(url, error);
      }
      if (input.kind && input.kind !== detected.kind) {
        throw new RagError("INVALID_INPUT", `${url} is a ${detected.summary}, not a ${input.kind}; nothing was added.`);
      }
      const source = parseSource({
        url,
        kind: input.kind ?? detected.kind,
        every: input.every,
        remove_gone: input.removeGone,
        prefix: input.prefix,
        depth: input.depth,
        max_pages: input.maxPages,
        added_by: input.addedBy,
        added_at: deps.now().toISOString(),
      });
      await deps.edit(() => addToSourceList(settings.corpusDir, source, settings.maxSources));
      return { source, detected };
    },
    remove(url: string): Promise<Source> {
      return deps.edit(() => removeFromSourceList(settings.corpusDir, url));
    },
  };
}

export type Sources = ReturnType<typeof createSources>;

/**
 * Whether any source of a corpus is due a sync, read from its files alone (no index loaded): the
 * bot asks this of every server library before loading one to sync it.
 */
export async function anySourceDue(corpusDir: string, everyMinutes: number, now = Date.now()): Promise<boolean> {
  const { sources } = await loadSourceList(corpusDir);
  if (sources.length === 0) return false;
  const state = await SyncState.load(corpusDir);
  return sources.some((source) => isDue(source, state, now, everyMinutes));
}
