import type { CoreConfig } from "../config/index.js";
import { createEmbedder, type Embedder } from "./embeddings/index.js";
import type { TransformersLoader } from "./embeddings/transformers.js";
import { isRagError, RagError } from "./errors.js";
import { silentLogger, type Logger } from "./logger.js";
import { searchView } from "./retrieve.js";
import { fingerprintCorpus } from "./store/fingerprint.js";
import { STORES } from "./store/kinds.js";
import type { EmbedQueueOptions, EmbedQueueResult, IndexView } from "./store/store.js";
import type { ArticleMeta, IndexReport, IndexStats, Progress, SearchHit, SearchOptions } from "./types.js";
import { removeArticleFromCorpus, removeStoredFile, storeUploadedArticle, type UploadedArticle } from "./corpus/admin.js";
import type { Answer, AskOptions } from "./answer/index.js";
import { pacer } from "./pace.js";
import { finderFor } from "./article-finder.js";
import { createAsker } from "./ask/asker.js";
import { parseQuestion } from "./answer/question.js";
import { RECENCY } from "./answer/extractive.js";
import { createChatProvider, type ChatProvider } from "./llm/provider.js";
import { sharedParserPool, type ArticleParser } from "./corpus/index.js";
import { createFetcherFromConfig, type Fetcher } from "./fetch/index.js";
import { createSources, type Sources } from "./sources/index.js";
import { articleIdFromPath } from "./corpus/ids.js";
import { checkRoom, roomProblem, type LibraryLimits } from "./libraries/limits.js";
import { emptyView, isSharedId, unionView } from "./libraries/union-view.js";
import { emptyReport } from "./store/build-steps.js";

export interface RagDeps {
  log?: Logger;
  /** Use this embedder instead of the one the EMBEDDINGS setting names (tests, benchmarks). */
  embedder?: Embedder;
  /** Use this chat model instead of the one the LLM setting names (tests); `null` for none. */
  llm?: ChatProvider | null;
  loadTransformers?: TransformersLoader;
  /** Parses article files; by default worker threads shared by the process. */
  parse?: ArticleParser;
  /** Fetches web pages, feeds and sitemaps; by default the crawler the FETCH_* settings describe. */
  fetcher?: Fetcher;
  /** The clock a sync dates its records by (tests). */
  now?: () => Date;
  /**
   * Makes this core a server's library (see libraries/): an empty corpus is a library with no
   * articles of its own, not an error, and, when `reads` is given, searches and answers also read
   * that core's live index (the shared corpus), its ids prefixed `shared:`.
   */
  library?: { reads?: Pick<Rag, "servingView">; limits?: LibraryLimits };
}

/** What adding a URL did: the article as understood, where it is stored, and the reindex. */
export interface AddedUrl {
  status: "new" | "updated" | "unchanged";
  file: string;
  article: ArticleMeta & { words: number };
  /** What was fetched: its format ("HTML", "PDF") and size, and the URL that answered. */
  fetched: { format: string; bytes: number; url: string };
  report?: IndexReport;
}

export interface ReindexOptions {
  full?: boolean;
  onProgress?: (progress: Progress) => void;
  /**
   * Hears the moment the new articles can be found, before the rest is embedded: the reindex
   * goes on embedding, answering from each checkpoint as it goes live, and resolves when done.
   */
  onSearchable?: (report: IndexReport) => void;
}

export interface EnsureOptions extends ReindexOptions {
  /** Also bring the index up to date when the corpus changed since it was built. */
  update?: boolean;
}

/** The retrieval core as front ends see it. */
export interface Rag {
  readonly embedder: Embedder;
  /** The index lives where several processes can serve it (a database), not in this process alone. */
  readonly sharedStore: boolean;
  /** The LLM that writes answers (`openai:gpt-4o-mini`), or undefined when answers are extractive. */
  readonly llm?: string;
  /** Loads the live index, building it first when it is missing, corrupt or (with `update`) stale. */
  ensureIndex(options?: EnsureOptions): Promise<IndexReport | undefined>;
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Answers a question with citations to the articles, or says they do not cover it. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** Incremental reindex; searches keep using the old index until the new one is swapped in. */
  reindex(options?: ReindexOptions): Promise<IndexReport>;
  stats(): IndexStats | undefined;
  /**
   * The same, after asking a shared store whether another process reindexed or embedded since
   * (at most every INDEX_CHECK_MS): what /status shows. Undefined before the index is loaded.
   */
  freshStats(): Promise<IndexStats | undefined>;
  /** Every indexed article, newest first (the same array until the index changes: do not modify it). */
  listArticles(): readonly ArticleMeta[];
  /** Up to `limit` articles whose title or id contains `typed`, newest first: what autocomplete offers. */
  findArticles(typed: string, limit: number): ArticleMeta[];
  /** Validates an uploaded file, stores it in the corpus under a generated name, and indexes it. */
  addArticle(
    upload: UploadedArticle,
    options: { maxBytes: number },
  ): Promise<{ file: string; articles: ArticleMeta[]; report: IndexReport }>;
  /** Removes an article's file (or jsonl line) from the corpus and its passages from the index. */
  removeArticle(articleId: string): Promise<{ article: ArticleMeta; report: IndexReport }>;
  /**
   * Fetches a URL (a web page, a PDF, a Word document), stores its article in the corpus with its
   * metadata and source URL, and indexes it. The same URL again updates it, or says it is unchanged.
   */
  addUrl(url: string): Promise<AddedUrl>;
  /** Sources kept in sync: feeds, sitemaps and site sections (see sources/). */
  readonly sources: {
    list: Sources["list"];
    add: Sources["add"];
    remove: Sources["remove"];
    /** Syncs the sources that are due (or all, or one), then makes what changed searchable. */
    sync: Sources["sync"];
    /** True while a sync runs in this process. */
    readonly syncing: boolean;
  };
  /**
   * Embeds the passages a shared store holds without a vector (a lexical-first build's), sharing
   * the work with every other process doing it: `npm run embed-worker`. The postgres store only.
   */
  embedWorker(options?: EmbedQueueOptions): Promise<EmbedQueueResult>;
  /** Releases what the store holds open (database connections); the local store holds none. */
  close(): Promise<void>;
  /** Deletes what the store holds in a database (a server library's tables, when the server is gone), then closes. */
  destroy(): Promise<void>;
  /** The generation answers come from now (with a library, its own and the shared one together). */
  servingView(): Promise<IndexView>;
  /** True while a reindex, an edit or a sync runs: a library is not unloaded then. */
  readonly busy: boolean;
}

/** Creates the core: resolves the embedder (keeping the index's own under EMBEDDINGS=auto). */
export async function createRag(config: CoreConfig, deps: RagDeps = {}): Promise<Rag> {
  const log = deps.log ?? silentLogger;
  const store = await STORES[config.index.store].open(config, log);
  const previousId = await store.liveEmbedder();
  const embedder = deps.embedder ?? (await createEmbedder(config.embeddings, { previousId, log, loadTransformers: deps.loadTransformers }));
  const llm = deps.llm === undefined ? await createChatProvider(config.llm) : (deps.llm ?? undefined);
  if (llm) log.info({ llm: llm.id }, `answers are written by ${llm.id}, with every citation checked`);
  const asker = createAsker({ config, embedder, log, llm });
  const pool = sharedParserPool({ timeoutMs: config.corpus.parseTimeoutMs });
  const parse = deps.parse ?? pool;
  let live: IndexView | undefined;
  let building: Promise<IndexReport> | undefined;
  /** Set once the running reindex's articles are live and it only embeds: a newer reindex may take it over. */
  let embeddingOnly: AbortController | undefined;
  let ensuring: Promise<IndexReport | undefined> | undefined;
  const loadLive = () => store.open(embedder, live === empty ? undefined : live);
  /** A library with no articles of its own (a server's before its first upload) serves this. */
  const empty = deps.library ? emptyView(embedder) : undefined;
  const isNoArticles = (error: unknown) => !!empty && isRagError(error) && error.code === "NO_ARTICLES";

  /**
   * The live generation to answer from. With a store other processes update, a reindex by any of
   * them is picked up here, without a restart.
   */
  async function ownCurrent(): Promise<IndexView> {
    if (!live) await ensureIndex();
    if (live !== empty && store.isCurrent && !building && !(await store.isCurrent(live!))) {
      const loaded = await loadLive();
      if (loaded !== live) asker.prepare(loaded);
      live = loaded;
    }
    return live!;
  }

  /** A library's own generation joined with the shared one it reads, made once per pair (answers prepare each view once). */
  const unions = new WeakMap<IndexView, WeakMap<IndexView, IndexView>>();
  function joined(own: IndexView, shared: IndexView): IndexView {
    let byShared = unions.get(own);
    if (!byShared) {
      byShared = new WeakMap();
      unions.set(own, byShared);
    }
    let union = byShared.get(shared);
    if (!union) {
      union = unionView(own, shared);
      asker.prepare(union);
      byShared.set(shared, union);
    }
    return union;
  }
  /** The shared generation last read, for the synchronous article lists (autocomplete, /articles). */
  let sharedSeen: IndexView | undefined;
  async function current(): Promise<IndexView> {
    const own = await ownCurrent();
    const reads = deps.library?.reads;
    if (!reads) return own;
    sharedSeen = await reads.servingView();
    return joined(own, sharedSeen);
  }
  /** What is served now, without waiting: undefined before the first load. */
  const servedNow = (): IndexView | undefined => (live && sharedSeen ? joined(live, sharedSeen) : live);

  function reindex(options: ReindexOptions = {}): Promise<IndexReport> {
    if (building && !embeddingOnly) {
      return Promise.reject(new RagError("REINDEX_IN_PROGRESS", "A reindex is already running; wait for it to finish."));
    }
    // A reindex that only embeds (its articles live) is taken over: it stops after its batch in
    // hand, keeps what it embedded, and this one embeds the rest with whatever it adds.
    const previous = building;
    embeddingOnly?.abort();
    embeddingOnly = undefined;
    const stop = new AbortController();
    const run: Promise<IndexReport> = (async () => {
      if (previous) await previous.catch(() => undefined);
      const { report, view: built } = await store
        .build({
          corpusDir: config.corpus.dir,
          maxArticleBytes: config.corpus.maxArticleBytes,
          maxDocumentBytes: config.corpus.maxDocumentBytes,
          parse,
          split: config.split,
          embedder,
          full: options.full,
          log,
          onProgress: options.onProgress,
          // Prepared and asked a question before it goes live: a build that cannot serve never replaces one that can.
          verify: (view) => asker.check(view),
          lexicalFirst: true,
          signal: stop.signal,
          // A reindex shares the process with every other server's answers: its own work runs in slices.
          pause: pacer(),
          onSearchable: (searchable) => {
            if (building === run) embeddingOnly = stop;
            options.onSearchable?.(searchable);
          },
          // Each generation that goes live during the build serves at once (lexical first, then checkpoints).
          onLive: (view) => {
            if (view === live) return;
            asker.prepare(view);
            live = view;
          },
        })
        .catch((error: unknown) => {
          // A library whose last article went (or that has none yet) is empty, not broken.
          if (!isNoArticles(error)) throw error;
          const known = live && live !== empty ? live.articles().map((a) => a.id) : [];
          return { report: emptyReport({ articles: [], skipped: [], duplicates: [] }, known, !!options.full, embedder.id), view: empty };
        });
      // Swap only once the new build is complete; until then searches use the old one.
      if (built) live = built;
      else {
        // Nothing changed: serve the live build (another process may have switched it).
        const loaded = await loadLive();
        if (loaded !== live) asker.prepare(loaded);
        live = loaded;
      }
      return report;
    })().finally(() => {
      if (building !== run) return;
      building = undefined;
      embeddingOnly = undefined;
    });
    building = run;
    return run;
  }

  /** Each generation's article list and lookup, made once when it is first asked for (see article-finder.ts). */
  const finderOf = finderFor;

  /**
   * Corpus edits (uploads, removals) run one at a time, each with the reindex it triggers: an
   * edit sees the corpus and the index as the one before left them, and its rollback undoes only
   * its own change. So a reply that says "Added" or "Removed" is true when it is sent.
   */
  let lastEdit: Promise<unknown> = Promise.resolve();
  let editing = 0;
  function oneEditAtATime<T>(edit: () => Promise<T>): Promise<T> {
    editing++;
    const run = lastEdit.then(edit, edit).finally(() => editing--);
    lastEdit = run.catch(() => undefined);
    return run;
  }

  const statsOf = ({ info }: IndexView): IndexStats => ({
    articles: info.articles,
    passages: info.passages,
    embedded: info.embedded,
    embedder: info.embedder.id,
    dimension: info.embedder.dimension,
    builtAt: info.builtAt,
    store: store.kind,
    storeLabel: STORES[store.kind].label,
  });

  /**
   * The reindex behind adding or removing an article. When it takes over another reindex's
   * embedding (which may have hours to go), it answers once the change is searchable and leaves
   * the embedding running; on its own (one article to embed) it answers when done.
   */
  function reindexForEdit(): Promise<IndexReport> {
    const takesOver = !!building;
    let searchable: (report: IndexReport) => void = () => {};
    const atSearchable = new Promise<IndexReport>((resolve) => {
      searchable = resolve;
    });
    const done = reindex({ onSearchable: (report) => searchable({ ...report }) });
    if (!takesOver) return done;
    done.catch((error: unknown) => log.warn({ err: (error as Error).message }, "the reindex after an edit failed while embedding"));
    return Promise.race([done, atSearchable]);
  }

  /**
   * Brings the index up to date after a sync wrote articles: waits out a reindex that is still
   * loading, takes over one that only embeds, and resolves once the new articles are searchable
   * (the embedding goes on; a later call takes it over).
   */
  async function refreshIndex(): Promise<IndexReport> {
    for (;;) {
      if (building && !embeddingOnly) {
        await building.catch(() => undefined);
        continue;
      }
      let searchable: (report: IndexReport) => void = () => {};
      const atSearchable = new Promise<IndexReport>((resolve) => {
        searchable = resolve;
      });
      const done = reindex({ onSearchable: (report) => searchable({ ...report }) });
      done.catch((error: unknown) => log.warn({ err: (error as Error).message }, "the reindex after a sync failed while embedding"));
      try {
        return await Promise.race([done, atSearchable]);
      } catch (error) {
        if (isRagError(error) && error.code === "REINDEX_IN_PROGRESS") continue;
        throw error;
      }
    }
  }

  const now = deps.now ?? (() => new Date());
  const limits = deps.library?.limits;
  const sources = createSources(
    {
      corpusDir: config.corpus.dir,
      maxArticleBytes: config.corpus.maxArticleBytes,
      maxDocumentBytes: config.corpus.maxDocumentBytes,
      maxItems: config.sync.maxItems,
      everyMinutes: config.sync.everyMinutes,
      maxUrlsPerListing: 50_000,
      maxSitemapDepth: 3,
      maxListingBytes: 50 * 1024 * 1024,
      goneChecks: 10,
      goneAfter: 3,
      maxSources: limits?.sources,
    },
    {
      fetcher: deps.fetcher ?? createFetcherFromConfig(config.fetch),
      parse,
      parseListing: pool.parseListing,
      log,
      edit: oneEditAtATime,
      refreshIndex,
      removeFile: async (file) => (await removeArticle(articleIdFromPath(file))).article,
      room: limits ? (bytes) => roomProblem(config.corpus.dir, limits, live?.info.articles ?? 0, { bytes }) : undefined,
      now,
    },
  );

  function removeArticle(articleId: string): Promise<{ article: ArticleMeta; report: IndexReport }> {
    return oneEditAtATime(async () => {
      if (building && !embeddingOnly)
        throw new RagError("REINDEX_IN_PROGRESS", "A reindex is running; remove the article when it has finished.");
      if (isSharedId(articleId))
        throw new RagError("INVALID_INPUT", "That article is in the shared library, which only the deployer's moderators can change.");
      if (!live) await ensureIndex();
      const article = live!.article(articleId);
      if (!article) throw new RagError("INVALID_INPUT", `No article with the id "${articleId}" is indexed.`);
      const restore = await removeArticleFromCorpus(config.corpus.dir, article);
      let report: IndexReport;
      try {
        report = await reindexForEdit();
      } catch (error) {
        await restore();
        throw error;
      }
      // A fetched article stays removed: no sync brings it back.
      await sources
        .articleRemoved(article.file)
        .catch((error: unknown) =>
          log.warn({ file: article.file, err: (error as Error).message }, "could not record the removal for syncing"),
        );
      return { article, report };
    });
  }

  async function ensure(options: EnsureOptions): Promise<IndexReport | undefined> {
    if (!live) {
      try {
        const loaded = await loadLive();
        asker.prepare(loaded);
        live = loaded;
      } catch (error) {
        if (!isRagError(error) || !["INDEX_MISSING", "INDEX_CORRUPT", "INDEX_OUTDATED"].includes(error.code)) throw error;
        // A first run has no index yet, and an upgrade outdates one: both expected, not warnings.
        const level = error.code === "INDEX_CORRUPT" ? "warn" : "info";
        const how = error.code === "INDEX_OUTDATED" ? "rebuilding it, with its embeddings reused," : "building it";
        log[level](`${error.message.split(". Run")[0]}; ${how} from ${config.corpus.dir}`);
        // Only a corrupt build is distrusted whole; an outdated one still lends its embeddings.
        return reindex({ ...options, full: error.code === "INDEX_CORRUPT" || options.full });
      }
    }
    if (live === empty) return options.update ? reindex(options) : undefined;
    const split = live.info.splitter;
    if (split.passageTokens !== config.split.passageTokens || split.overlapTokens !== config.split.overlapTokens) {
      log.info("the passage settings changed since the index was built; rebuilding it");
      return reindex(options);
    }
    if (options.update && live.isStale(await fingerprintCorpus(config.corpus.dir))) {
      log.info("the corpus changed since the index was built; updating it");
      try {
        return await reindex(options);
      } catch (error) {
        // Another process holds the build lock (or a killed one left it until it goes stale):
        // the live index still answers; that process brings it up to date.
        if (!isRagError(error) || error.code !== "INDEX_LOCKED") throw error;
        log.warn(`${error.message.replace(/; try again.*$/, "")}; answering from the current index`);
      }
    }
    return undefined;
  }

  function ensureIndex(options: EnsureOptions = {}): Promise<IndexReport | undefined> {
    // Concurrent callers share one load or build.
    ensuring ??= ensure(options).finally(() => {
      ensuring = undefined;
    });
    return ensuring;
  }

  return {
    embedder,
    sharedStore: STORES[store.kind].shared,
    llm: llm?.id,
    ensureIndex,
    async search(query, options = {}) {
      if (!query.trim()) throw new RagError("INVALID_INPUT", "The search query is empty.");
      const view = await current();
      // A search as of a time prefers recent articles as an answer does (more so for "this week", "latest").
      const recency = options.recency ?? (options.asOf ? (parseQuestion(query).recent ? RECENCY.cued : RECENCY.plain) : undefined);
      return searchView(view, embedder, query, { ...options, recency }, config.search);
    },
    async ask(question, options = {}) {
      return asker.ask(await current(), question, options);
    },
    reindex,
    async freshStats() {
      if (!live) return undefined;
      return statsOf(await current());
    },
    stats() {
      const view = servedNow();
      return view ? statsOf(view) : undefined;
    },
    addArticle(upload, options) {
      return oneEditAtATime(async () => {
        if (building && !embeddingOnly)
          throw new RagError("REINDEX_IN_PROGRESS", "A reindex is running; add the article when it has finished.");
        if (!live) await ensureIndex();
        const existingIds = new Set(live!.articles().map((a) => a.id));
        if (limits) await checkRoom(config.corpus.dir, limits, existingIds.size, { bytes: upload.content.byteLength });
        const stored = await storeUploadedArticle(config.corpus.dir, upload, { maxBytes: options.maxBytes, existingIds, parse });
        try {
          return { ...stored, report: await reindexForEdit() };
        } catch (error) {
          await removeStoredFile(config.corpus.dir, stored.file, upload.content);
          throw error;
        }
      });
    },
    removeArticle,
    async addUrl(url) {
      // Fetched outside the edit: a slow site never holds up another moderator's upload.
      const fetched = await sources.fetchUrl(url);
      return oneEditAtATime(async () => {
        if (building && !embeddingOnly)
          throw new RagError("REINDEX_IN_PROGRESS", "A reindex is running; add the link when it has finished.");
        if (!live) await ensureIndex();
        const outcome = await sources.storeFetched(
          fetched,
          limits && (() => checkRoom(config.corpus.dir, limits, live!.info.articles, { bytes: fetched.bytes })),
        );
        const id = articleIdFromPath(outcome.file);
        const article = { ...fetched.article, id, file: outcome.file, words: fetched.article.text.split(/\s+/).length };
        const { text: _text, ...meta } = article;
        const result: AddedUrl = {
          status: outcome.status,
          file: outcome.file,
          article: meta,
          fetched: { format: fetched.format, bytes: fetched.bytes, url: fetched.finalUrl },
        };
        // Unchanged and already served: nothing to reindex.
        if (outcome.status === "unchanged" && live!.article(id)) return result;
        try {
          result.report = await reindexForEdit();
        } catch (error) {
          await outcome.undo();
          throw error;
        }
        return result;
      });
    },
    sources: {
      list: sources.list,
      add: sources.add,
      remove: sources.remove,
      sync: sources.sync,
      get syncing() {
        return sources.syncing;
      },
    },
    async embedWorker(options) {
      if (!store.embedQueued) {
        throw new RagError(
          "INVALID_INPUT",
          "Embed workers share the work through a PostgreSQL store (INDEX_STORE=postgres); with the local store, npm run index embeds everything itself.",
        );
      }
      return store.embedQueued(embedder, options);
    },
    async close() {
      await store.close?.();
    },
    async destroy() {
      await store.destroy?.();
      await store.close?.();
    },
    listArticles() {
      const view = servedNow();
      return view ? finderOf(view).sorted : [];
    },
    findArticles(typed, limit) {
      const view = servedNow();
      return view ? finderOf(view).find(typed, limit) : [];
    },
    servingView: current,
    get busy() {
      return !!building || sources.syncing || editing > 0;
    },
  };
}
