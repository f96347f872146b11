import { appendFile, mkdir, readFile, rm } from "node:fs/promises";
import { writeAtomically } from "../corpus/atomic-write.js";
import { dirname, join } from "node:path";

/**
 * What syncing remembers between runs, kept beside the articles in the corpus's hidden
 * `.footnote/` folder: each fetched URL's file, content hash and validators; each source's
 * validators, failures and backlog; and the URLs moderators removed, which no sync brings back.
 *
 * Crash safety: every stored article is appended to a journal at once (one line, cheap), and the
 * whole state is written (atomically) and the journal emptied at the end of a sync. A sync
 * killed at any point loses nothing it stored: the next one replays the journal.
 */

/** One fetched article, under each URL it is known by (the one fetched, its canonical link). */
export interface ArticleRecord {
  file: string;
  /** `contentHash` of what was stored. */
  hash: string;
  etag?: string;
  lastModified?: string;
  /** The listing's date for it when stored (sitemap lastmod, feed updated): a newer one means re-fetch. */
  listed?: string;
  /** The source that found it (its URL), or undefined when a moderator added the URL. */
  source?: string;
  /** Consecutive checks that answered 404 or 410 (for sources that remove gone articles). */
  gone?: number;
  checkedAt?: string;
}

export interface SourceRecord {
  /** Validators of the source's listings (the feed, each sitemap), for conditional requests. */
  validators: Record<string, { etag?: string; lastModified?: string }>;
  lastSync?: string;
  /** Consecutive syncs whose listing could not be read, and the last reason. */
  failures: number;
  lastError?: string;
  /** Not synced on schedule before this time (backing off after failures, or a Retry-After). */
  nextTry?: string;
  /** Items listed but not fetched yet (over the per-sync cap): the listing is read in full next time. */
  backlog: number;
  /** What the last sync did. */
  last?: { new: number; updated: number; unchanged: number; failed: number; removed: number };
}

interface StateFile {
  version: 1;
  articles: Record<string, ArticleRecord>;
  sources: Record<string, SourceRecord>;
  removed: Record<string, string>;
}

type JournalLine = { url: string[]; record: ArticleRecord } | { forget: string } | { removed: string[]; at: string };

const STATE = ".footnote/sync.json";
const JOURNAL = ".footnote/sync.journal";

export class SyncState {
  readonly articles = new Map<string, ArticleRecord>();
  /** Each file's URLs: the other way round, kept beside it (a sync asks it for every 304). */
  private readonly byFile = new Map<string, Set<string>>();
  readonly sources = new Map<string, SourceRecord>();
  /** URL → when a moderator removed its article. */
  readonly removed = new Map<string, string>();

  private constructor(private readonly corpusDir: string) {}

  /** Reads the state and replays the journal of a sync that did not finish. */
  static async load(corpusDir: string): Promise<SyncState> {
    const state = new SyncState(corpusDir);
    const raw = await readFile(join(corpusDir, STATE), "utf8").catch(() => undefined);
    if (raw) {
      try {
        const data = JSON.parse(raw) as StateFile;
        for (const [url, record] of Object.entries(data.articles ?? {})) state.put(url, record);
        for (const [url, record] of Object.entries(data.sources ?? {})) state.sources.set(url, record);
        for (const [url, at] of Object.entries(data.removed ?? {})) state.removed.set(url, at);
      } catch {
        // A damaged state costs conditional requests and one re-fetch each, never an article: the files are the truth.
      }
    }
    const journal = await readFile(join(corpusDir, JOURNAL), "utf8").catch(() => "");
    for (const line of journal.split("\n")) {
      if (!line.trim()) continue;
      try {
        state.apply(JSON.parse(line) as JournalLine);
      } catch {
        // The last line of a killed sync may be half written.
      }
    }
    return state;
  }

  /** Sets a URL's record, keeping the file → URLs index in step. */
  private put(url: string, record: ArticleRecord): void {
    const before = this.articles.get(url);
    if (before && before.file !== record.file) this.byFile.get(before.file)?.delete(url);
    this.articles.set(url, record);
    let urls = this.byFile.get(record.file);
    if (!urls) {
      urls = new Set();
      this.byFile.set(record.file, urls);
    }
    urls.add(url);
  }

  private apply(line: JournalLine): void {
    if ("record" in line) for (const url of line.url) this.put(url, line.record);
    else if ("forget" in line) this.forgetFileNow(line.forget);
    else for (const url of line.removed) this.removed.set(url, line.at);
  }

  private async journal(line: JournalLine): Promise<void> {
    const path = join(this.corpusDir, JOURNAL);
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, `${JSON.stringify(line)}\n`);
  }

  /** The record of a URL (any of the URLs an article is known by). */
  article(url: string): ArticleRecord | undefined {
    return this.articles.get(url);
  }

  /** The URLs that lead to `file`. */
  urlsOf(file: string): string[] {
    return [...(this.byFile.get(file) ?? [])];
  }

  /** Records an article stored (or checked) under each of its URLs, journaled at once. */
  async record(urls: string[], record: ArticleRecord): Promise<void> {
    const unique = [...new Set(urls)];
    for (const url of unique) this.put(url, record);
    await this.journal({ url: unique, record });
  }

  private forgetFileNow(file: string): void {
    for (const url of this.byFile.get(file) ?? []) this.articles.delete(url);
    this.byFile.delete(file);
  }

  /** Forgets the article stored in `file` (it was removed from the corpus). */
  async forgetFile(file: string): Promise<void> {
    this.forgetFileNow(file);
    await this.journal({ forget: file });
  }

  /** A moderator removed the article these URLs lead to: no sync adds it back. */
  async markRemoved(urls: string[], at: string): Promise<void> {
    for (const url of urls) this.removed.set(url, at);
    await this.journal({ removed: urls, at });
  }

  /** A moderator added the URL again: syncs may keep it current. */
  unmarkRemoved(urls: string[]): void {
    for (const url of urls) this.removed.delete(url);
  }

  source(url: string): SourceRecord {
    let record = this.sources.get(url);
    if (!record) {
      record = { validators: {}, failures: 0, backlog: 0 };
      this.sources.set(url, record);
    }
    return record;
  }

  /** Writes the whole state (atomically) and empties the journal it now contains. */
  async save(): Promise<void> {
    const data: StateFile = {
      version: 1,
      articles: Object.fromEntries(this.articles),
      sources: Object.fromEntries(this.sources),
      removed: Object.fromEntries(this.removed),
    };
    await writeAtomically(join(this.corpusDir, STATE), JSON.stringify(data));
    await rm(join(this.corpusDir, JOURNAL), { force: true });
  }
}
