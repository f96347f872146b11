import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomically } from "../corpus/atomic-write.js";
import type { FetchedArticle } from "./fetch-article.js";
import { contentHash, readProvenance, renderStoredArticle, storedFileFor } from "./stored-article.js";
import type { ArticleRecord, SyncState } from "./state.js";

export type StoreOutcome = {
  status: "new" | "updated" | "unchanged";
  file: string;
  record: ArticleRecord;
  /** Puts the file back as it was before this store (for when the reindex after it fails). */
  undo(): Promise<void>;
};

/**
 * The file for a new article: named from its URL, or with a hash of it when another URL's
 * article holds that name. A file with this article's own provenance (a sync killed between
 * writing it and journaling it) is reused, never duplicated.
 */
async function chooseFile(corpusDir: string, fetched: FetchedArticle): Promise<string> {
  const primary = fetched.urls.at(-1)!;
  const file = storedFileFor(primary);
  const there = await readProvenance(corpusDir, file);
  if (!there || fetched.urls.includes(there.fetchedFrom)) return file;
  return storedFileFor(primary, true);
}

/**
 * Stores a fetched article in the corpus, or says it is unchanged: an article is written only
 * when its content hash differs from the stored one (a CDN's new Last-Modified is not a change).
 * Recorded in the sync state under every URL it is known by, journaled before returning.
 */
export async function storeFetchedArticle(
  corpusDir: string,
  state: SyncState,
  fetched: FetchedArticle,
  extra: { source?: string; listed?: string; now: Date },
): Promise<StoreOutcome> {
  const recorded = fetched.urls.map((u) => state.article(u)).find(Boolean);
  // A record whose file was deleted by hand stores the article afresh.
  const known =
    recorded &&
    (await stat(join(corpusDir, recorded.file)).then(
      () => true,
      () => false,
    ))
      ? recorded
      : undefined;
  const hash = contentHash(fetched.article);
  const record: ArticleRecord = {
    file: known?.file ?? (await chooseFile(corpusDir, fetched)),
    hash,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    listed: extra.listed ?? known?.listed,
    source: known?.source ?? extra.source,
    checkedAt: extra.now.toISOString(),
  };
  const urls = [...new Set([...fetched.urls, ...(known ? state.urlsOf(known.file) : [])])];
  if (known?.hash === hash) {
    await state.record(urls, record);
    return { status: "unchanged", file: record.file, record, undo: async () => {} };
  }
  const path = join(corpusDir, record.file);
  const before = await readFile(path).catch(() => undefined);
  const content = renderStoredArticle(fetched.article, {
    fetchedFrom: fetched.urls[0]!,
    fetchedAt: extra.now.toISOString(),
    contentHash: hash,
  });
  await writeAtomically(path, content);
  await state.record(urls, record);
  const undo = async () => {
    // Only while the file is still what this store wrote.
    if ((await readFile(path, "utf8").catch(() => undefined)) !== content) return;
    if (before) await writeAtomically(path, before);
    else await rm(path, { force: true });
    if (known) await state.record(urls, known);
    else await state.forgetFile(record.file);
  };
  return { status: known ? "updated" : "new", file: record.file, record, undo };
}
