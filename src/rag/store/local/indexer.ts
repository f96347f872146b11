import { join } from "node:path";
import { embedInto, finish, handedOver, metaOf, vectorsAtHand } from "../build-steps.js";
import type { ArticleParser } from "../../corpus/index.js";
import type { Embedder } from "../../embeddings/index.js";
import { RagError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { SPLITTER_VERSION, type SplitOptions } from "../../split.js";
import { type LiveSummary, passagesOf, planBuild } from "../plan.js";
import { CHECKED_FILES } from "./checksums.js";
import { BUILDS_DIR, buildPath, FILES, newBuildName, pruneBuilds, readCurrent, removeBuild, switchCurrent } from "./layout.js";
import { LEXICAL_VERSION, LexicalIndex } from "./lexical.js";
import { acquireBuildLock, removeEmptyFolders } from "./lock.js";
import { FORMAT_VERSION, type Manifest, type StoredPassage } from "./manifest.js";
import { findBuildDamage, hasGraph, readLiveManifest, readPassages, readVectors, writeSnapshot, type IndexSnapshot } from "./snapshot.js";
import { VectorIndex } from "./vectors.js";
import { type DenseSearch, EXACT_SEARCH_MAX_PASSAGES, ExactVectors } from "./exact-vectors.js";
import type { IndexReport, Progress } from "../../types.js";
import { noPause, type Pause } from "../../pace.js";

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  maxArticleBytes: number;
  maxDocumentBytes?: number;
  /** Parses article files (worker threads, bounded in time); the shared pool by default. */
  parse?: ArticleParser;
  split: SplitOptions;
  embedder: Embedder;
  /** Recompute everything, ignoring the previous build and its embeddings. */
  full?: boolean;
  lockWaitMs: number;
  /** Builds of at most this many passages are searched exactly and written without a graph. */
  exactMaxPassages?: number;
  /** Lets other work run between slices of the build's own work (a server's reindex beside others' answers). */
  pause?: Pause;
  log: Logger;
  onProgress?: (progress: Progress) => void;
  /**
   * Checks the new build as it will be served (the caller prepares and queries it) before it is
   * made live; a throw leaves the previous build live and removes the new one.
   */
  verify?: (snapshot: IndexSnapshot) => void | Promise<void>;
  /** Receives each new build in memory once it is live, so the caller can serve it without reading it back. */
  onSnapshot?: (snapshot: IndexSnapshot) => void;
  /**
   * Lexical first: make the new articles searchable by BM25 (and by their reused embeddings) at
   * once, then embed the rest, checkpointing every `checkpointMs`; `onSearchable` hears the first
   * moment. Off: embed everything, then go live once.
   */
  lexicalFirst?: boolean;
  onSearchable?: (report: IndexReport) => void;
  checkpointMs?: number;
  /** Stops embedding the rest after the batch in hand; the checkpoint then written keeps what was embedded. */
  signal?: AbortSignal;
}

/** Past this share of deleted slots the HNSW graph is rebuilt rather than updated in place. */
const MAX_DELETED_SHARE = 0.25;

/** A build that is not live is left alone this long after its last change: a reader may still be opening it. */
const READER_GRACE_MS = 60_000;

interface Previous {
  name: string;
  manifest: Manifest;
  passages: StoredPassage[];
  vectors: Float32Array;
}

/** Embeddings of an earlier build, reusable by text hash while the embedder is the same. */
interface EmbeddingCache {
  passages: StoredPassage[];
  vectors: Float32Array;
}

/** What the live build lends the next one, beside what the planner reads of it. */
interface LiveBuild {
  /** The live build's name (kept when old builds are pruned). */
  name?: string;
  summary?: LiveSummary;
  /** Its embeddings, when they can be reused (same embedder, no --full, files intact). */
  cache?: EmbeddingCache;
  /** The build's own reason to rebuild everything (damage, an older format), beside the planner's. */
  why?: string;
  manifest?: Manifest;
}

/** The previous build's embeddings by text hash. */
function cacheLookup(cache: EmbeddingCache | undefined, dim: number): Map<string, Float32Array> {
  const byHash = new Map<string, Float32Array>();
  for (const [i, p] of cache?.passages.entries() ?? []) {
    const row = cache!.vectors.subarray(i * dim, (i + 1) * dim);
    // A row a lexical-first build has not embedded yet holds NaN: nothing to reuse.
    if (!Number.isNaN(row[0])) byHash.set(p.hash, row);
  }
  return byHash;
}

/** Reads what the live build offers: its summary for the planner, and its embeddings when reusable. */
async function readLiveBuild(opts: BuildOptions): Promise<LiveBuild> {
  let live: Awaited<ReturnType<typeof readLiveManifest>>;
  try {
    live = await readLiveManifest(opts.indexDir);
  } catch (error) {
    return (error as RagError).code === "INDEX_MISSING" ? {} : { why: (error as Error).message };
  }
  const { name, manifest } = live;
  const summary: LiveSummary = {
    articles: new Map([...manifest.articles].map(([id, entry]) => [id, entry.hash])),
    embedder: manifest.embedder,
    splitter: manifest.splitter,
  };
  const base = { name, summary, manifest };
  if (opts.full || manifest.embedder.id !== opts.embedder.id || manifest.embedder.dimension !== opts.embedder.dimension) return base;
  // A damaged previous build lends nothing: its vectors or passages could be anything. A build
  // from before checksums existed is trusted for its embeddings only, so an upgrade re-embeds nothing.
  const legacy = !manifest.checksums;
  const damage = legacy ? undefined : await findBuildDamage(opts.indexDir, name, manifest, [CHECKED_FILES.passages, CHECKED_FILES.vectors]);
  if (damage) return { ...base, why: `the previous build is damaged (${damage})` };
  try {
    const passages = await readPassages(buildPath(opts.indexDir, name));
    const vectors = await readVectors(opts.indexDir, name, passages.length, manifest.embedder.dimension);
    if (!vectors) return { ...base, why: "the previous build's vectors are unreadable" };
    const cache = { passages, vectors };
    // A format changed: rebuild the indexes, but keep every embedding whose text is unchanged.
    if (legacy) return { ...base, cache, why: "the index format changed" };
    if (manifest.lexicalVersion !== LEXICAL_VERSION) return { ...base, cache, why: "the lexical index format changed" };
    return { ...base, cache };
  } catch (error) {
    return { ...base, why: `the previous build is unreadable (${(error as Error).message.split("\n")[0]})` };
  }
}

/**
 * Builds the index from the corpus: only new or changed articles are split again, and only
 * passages whose text is new are embedded. The build is written beside the live one and
 * switched in atomically; on any failure the live build stays as it was.
 */
export async function buildIndex(opts: BuildOptions): Promise<IndexReport> {
  const started = performance.now();
  const release = await acquireBuildLock(opts.indexDir, opts.lockWaitMs, opts.log);
  let failed = false;
  try {
    // Leftovers of killed builds go first, so a full disk they filled can recover.
    await pruneBuilds(opts.indexDir, [await readCurrent(opts.indexDir)], { olderThanMs: READER_GRACE_MS }).catch((error) =>
      opts.log.warn({ err: (error as Error).message }, "could not remove unfinished index builds"),
    );
    const liveBuild = await readLiveBuild(opts);
    const plan = await planBuild(opts, liveBuild.summary, liveBuild.why);
    if (plan.why) opts.log.info(`full build: ${plan.why}`);
    const { report, corpus } = plan;
    // Updated in place only when the plan is incremental; its embeddings serve either way.
    const previous: Previous | undefined =
      !plan.full && liveBuild.cache && liveBuild.manifest
        ? { name: liveBuild.name!, manifest: liveBuild.manifest, ...liveBuild.cache }
        : undefined;

    // Passages of unchanged articles are reused as they are; the rest are split afresh.
    const oldPassages = new Map<string, StoredPassage[]>();
    for (const p of previous?.passages ?? []) oldPassages.set(p.articleId, [...(oldPassages.get(p.articleId) ?? []), p]);
    const passages: StoredPassage[] = [];
    const manifestArticles: Manifest["articles"] = new Map();
    const pause = opts.pause ?? noPause;
    for (const { article, hash, status } of plan.articles) {
      const own = (status === "unchanged" && oldPassages.get(article.id)) || passagesOf(article, opts.split);
      passages.push(...own);
      manifestArticles.set(article.id, { meta: metaOf(article), hash, passageIds: own.map((p) => p.id) });
      await pause();
    }
    report.passages = passages.length;

    const fullyEmbedded = (previous?.manifest.counts.embedded ?? previous?.manifest.counts.passages) === previous?.manifest.counts.passages;
    if (previous && fullyEmbedded && plan.nothingChanged) {
      report.rebuilt = false;
      report.builtAt = previous.manifest.builtAt;
      return finish(report, started);
    }

    const cache = cacheLookup(liveBuild.cache, opts.embedder.dimension);
    const vectors = await vectorsAtHand(passages, cache, opts, report);
    opts.onProgress?.({ phase: "write", done: 0, total: 1 });
    const { lexical, dense } = await buildSearchIndexes(passages, vectors, previous && { ...previous, report }, opts);
    const unwritten: Omit<Manifest, "checksums"> = {
      formatVersion: FORMAT_VERSION,
      builtAt: report.builtAt,
      embedder: { id: opts.embedder.id, dimension: opts.embedder.dimension },
      splitter: { version: SPLITTER_VERSION, ...opts.split },
      lexicalVersion: LEXICAL_VERSION,
      counts: { articles: corpus.articles.length, passages: passages.length, embedded: dense.size },
      articles: manifestArticles,
      files: plan.files,
      skipped: [...corpus.skipped, ...corpus.duplicates],
    };
    const name = newBuildName();
    let snapshot: IndexSnapshot;
    try {
      const manifest = await writeSnapshot(opts.indexDir, name, { manifest: unwritten, passages, vectors, lexical, dense });
      snapshot = { name, manifest, passages, byId: new Map(passages.map((p) => [p.id, p])), lexical, dense };
      await opts.verify?.(snapshot);
      await switchCurrent(opts.indexDir, name);
    } catch (error) {
      // A failed build (a full disk, a check that failed) leaves nothing behind to fill the disk further.
      await removeBuild(opts.indexDir, name).catch(() => undefined);
      throw writeFailure(error, opts.indexDir);
    }
    opts.onSnapshot?.(snapshot);
    opts.onProgress?.({ phase: "write", done: 1, total: 1 });
    opts.onSearchable?.({ ...report, seconds: (performance.now() - started) / 1000 });
    let live = name;
    if (dense.size < passages.length) {
      const rest = { opts, unwritten, passages, vectors, lexical, dense, name, report, keep: liveBuild.name };
      try {
        live = await embedTheRest(rest, (checkpoint) => {
          live = checkpoint;
        });
        const pending = passages.length - dense.size;
        if (pending > 0 && opts.signal?.aborted) report.embedding = handedOver(pending);
      } catch (error) {
        // The articles are live and searchable by keywords; what lacks a vector waits for the next run.
        const message = (error as Error).message.split("\n")[0] ?? "unknown error";
        report.embedding = { pending: passages.length - dense.size, error: message };
        opts.log.warn({ pending: report.embedding.pending }, `embedding stopped: ${message}; the next index run resumes it`);
      }
    }
    await pruneBuilds(opts.indexDir, [live, liveBuild.name]).catch((error) =>
      opts.log.warn({ err: (error as Error).message }, "could not remove old index builds"),
    );
    return finish(report, started);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await release().catch(() => undefined);
    // A first run that failed (no corpus, no article) leaves no empty index folders behind.
    if (failed && !(await readCurrent(opts.indexDir).catch(() => undefined))) {
      await removeEmptyFolders(opts.indexDir, release.created, [BUILDS_DIR]).catch(() => undefined);
    }
  }
}

const CHECKPOINT_MS = 30_000;

/**
 * A lexical-first build's second half: embeds the passages still without a vector, adds each
 * batch to the live graph (dense search sees it at once), and writes a checkpoint build every
 * `checkpointMs` and at the end, each made live as the first was. A crash leaves the last
 * checkpoint live; the next run embeds what it lacks. Returns the name of the last build.
 */
async function embedTheRest(
  s: {
    opts: BuildOptions;
    unwritten: Omit<Manifest, "checksums">;
    passages: StoredPassage[];
    vectors: Float32Array;
    lexical: LexicalIndex;
    dense: DenseSearch;
    name: string;
    report: IndexReport;
    keep?: string;
  },
  onCheckpoint: (name: string) => void,
): Promise<string> {
  const { opts, passages, vectors, dense, report } = s;
  const dim = opts.embedder.dimension;
  const missing = passages.flatMap((_, i) => (Number.isNaN(vectors[i * dim]) ? [i] : []));
  let live = s.name;
  let lastCheckpoint = performance.now();
  // A checkpoint writes the whole build: on a big index it waits ten times its own writing time,
  // so writing never takes more than a tenth of the embedding's time.
  let interval = opts.checkpointMs ?? CHECKPOINT_MS;
  const checkpoint = async () => {
    const writeStarted = performance.now();
    const name = newBuildName();
    const unwritten = { ...s.unwritten, counts: { ...s.unwritten.counts, embedded: dense.size } };
    try {
      const manifest = await writeSnapshot(opts.indexDir, name, {
        manifest: unwritten,
        passages,
        vectors,
        lexical: s.lexical,
        dense,
      });
      await switchCurrent(opts.indexDir, name);
      opts.onSnapshot?.({ name, manifest, passages, byId: new Map(passages.map((p) => [p.id, p])), lexical: s.lexical, dense });
    } catch (error) {
      await removeBuild(opts.indexDir, name).catch(() => undefined);
      throw writeFailure(error, opts.indexDir);
    }
    // The build before stays until the next run (a reader may be opening it); older ones go.
    await pruneBuilds(opts.indexDir, [name, live, s.keep]).catch(() => undefined);
    live = name;
    onCheckpoint(name);
    lastCheckpoint = performance.now();
    interval = Math.max(opts.checkpointMs ?? CHECKPOINT_MS, 10 * (lastCheckpoint - writeStarted));
  };
  await embedInto(passages, missing, vectors, opts, report, async (batch, rows, done) => {
    // An exact scan reads the rows embedInto has just filled; a graph takes them in.
    if (dense instanceof VectorIndex) {
      await dense.update(
        new Set(),
        batch.map((i) => passages[i]!.id),
        rows,
      );
    }
    if (done < missing.length && performance.now() - lastCheckpoint >= interval) await checkpoint();
  });
  await checkpoint();
  return live;
}

/**
 * The BM25 and dense indexes of the new build. A small build is searched exactly over its vectors
 * and has no graph. Otherwise, after an incremental change both are loaded from the previous build
 * and updated in place (only the changed articles' passages move); a first or full build, a
 * previous build without a graph, or a graph with too many deleted slots builds them from scratch.
 */
async function buildSearchIndexes(
  passages: StoredPassage[],
  vectors: Float32Array,
  previous: (Previous & { report: IndexReport }) | undefined,
  opts: BuildOptions,
): Promise<{ lexical: LexicalIndex; dense: DenseSearch }> {
  const dim = opts.embedder.dimension;
  const rowOf = (i: number) => Array.from(vectors.subarray(i * dim, (i + 1) * dim));
  // A lexical-first build leaves NaN in the rows it has not embedded yet: those are not in the graph.
  const hasVector = (i: number) => !Number.isNaN(vectors[i * dim]);
  const exact = passages.length <= (opts.exactMaxPassages ?? EXACT_SEARCH_MAX_PASSAGES);
  const pause = opts.pause ?? noPause;
  if (previous && (exact || hasGraph(previous.manifest))) {
    try {
      const damage = await findBuildDamage(opts.indexDir, previous.name, previous.manifest, [
        CHECKED_FILES.lexicalJson,
        CHECKED_FILES.lexicalBin,
        ...(exact ? [] : [CHECKED_FILES.hnswIndex, CHECKED_FILES.hnswArgs, CHECKED_FILES.hnswDocstore]),
      ]);
      if (damage) throw new Error(`the previous build is damaged (${damage})`);
      const dir = buildPath(opts.indexDir, previous.name);
      const touched = new Set([...previous.report.changed, ...previous.report.removed, ...previous.report.added]);
      const removed = new Set(previous.passages.filter((p) => touched.has(p.articleId)).map((p) => p.id));
      const addedAt = passages.flatMap((p, i) => (touched.has(p.articleId) ? [i] : []));
      const lexical = await (await LexicalIndex.load(join(dir, FILES.lexical))).update(
        removed,
        addedAt.map((i) => passages[i]!),
        pause,
      );
      if (exact) {
        if (lexical.size === passages.length) return { lexical, dense: exactOver(passages, vectors, dim) };
      } else {
        const vectorIndex = await VectorIndex.load(join(dir, FILES.hnsw), opts.embedder.embeddings);
        const embeddedAt = addedAt.filter(hasVector);
        await vectorIndex.update(
          removed,
          embeddedAt.map((i) => passages[i]!.id),
          embeddedAt.map(rowOf),
        );
        const expected = passages.filter((_, i) => hasVector(i)).length;
        if (lexical.size === passages.length && vectorIndex.size === expected && vectorIndex.deletedShare <= MAX_DELETED_SHARE) {
          return { lexical, dense: vectorIndex };
        }
      }
    } catch (error) {
      opts.log.warn({ err: (error as Error).message }, "could not update the previous indexes in place; rebuilding them");
    }
  }
  if (exact) return { lexical: await LexicalIndex.build(passages, pause), dense: exactOver(passages, vectors, dim) };
  const withVectors = passages.flatMap((_, i) => (hasVector(i) ? [i] : []));
  const vectorIndex = await VectorIndex.build(
    opts.embedder.embeddings,
    dim,
    withVectors.map((i) => passages[i]!.id),
    withVectors.map(rowOf),
  );
  return { lexical: await LexicalIndex.build(passages, pause), dense: vectorIndex };
}

const exactOver = (passages: StoredPassage[], vectors: Float32Array, dim: number) =>
  new ExactVectors(
    passages.map((p) => p.id),
    vectors,
    dim,
  );

/** A file-system error while writing a build, as one line that says what to do. */
function writeFailure(error: unknown, indexDir: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is exceeded",
    EFBIG: "a file grew over the size limit",
    EACCES: "permission denied",
    EROFS: "the file system is read-only",
  };
  if (!code || !Object.hasOwn(why, code)) return error;
  return new RagError(
    "INDEX_WRITE_FAILED",
    `Could not write the index in ${indexDir}: ${why[code]} (${code}). The previous index is still live; free space and run the index again.`,
    { cause: error },
  );
}
