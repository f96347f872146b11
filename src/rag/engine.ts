import type { CoreConfig } from "../config/index.js";
import { createEmbedder, type Embedder } from "./embeddings/index.js";
import type { TransformersLoader } from "./embeddings/transformers.js";
import { isRagError, RagError } from "./errors.js";
import { buildIndex } from "./indexer.js";
import { silentLogger, type Logger } from "./logger.js";
import { searchSnapshot } from "./retrieve.js";
import { fingerprintCorpus, isFingerprintStale } from "./store/fingerprint.js";
import { loadSnapshot, readLiveManifest, type IndexSnapshot } from "./store/snapshot.js";
import type { ArticleMeta, IndexReport, IndexStats, Progress, SearchHit, SearchOptions } from "./types.js";
import { answerWithoutLlm, parseQuestion, type Answer, type AskOptions } from "./answer/index.js";
import type { ArticleWithLead } from "./answer/metadata.js";
import { splitSentences } from "./sentences.js";
import { TermStats, termsOf } from "./store/term-stats.js";

export interface RagDeps {
  log?: Logger;
  /** Use this embedder instead of the one the EMBEDDINGS setting names (tests, benchmarks). */
  embedder?: Embedder;
  loadTransformers?: TransformersLoader;
}

export interface ReindexOptions {
  full?: boolean;
  onProgress?: (progress: Progress) => void;
}

export interface EnsureOptions extends ReindexOptions {
  /** Also bring the index up to date when the corpus changed since it was built. */
  update?: boolean;
}

/** The retrieval core as front ends see it. */
export interface Rag {
  readonly embedder: Embedder;
  /** Loads the live index, building it first when it is missing, corrupt or (with `update`) stale. */
  ensureIndex(options?: EnsureOptions): Promise<IndexReport | undefined>;
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** Answers a question with citations to the articles, or says they do not cover it. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** Incremental reindex; searches keep using the old index until the new one is swapped in. */
  reindex(options?: ReindexOptions): Promise<IndexReport>;
  stats(): IndexStats | undefined;
  listArticles(): ArticleMeta[];
}

/** Creates the core: resolves the embedder (keeping the index's own under EMBEDDINGS=auto). */
export async function createRag(config: CoreConfig, deps: RagDeps = {}): Promise<Rag> {
  const log = deps.log ?? silentLogger;
  const previousId = await readLiveManifest(config.index.dir).then(
    (live) => live.manifest.embedder.id,
    () => undefined,
  );
  const embedder = deps.embedder ?? (await createEmbedder(config.embeddings, { previousId, log, loadTransformers: deps.loadTransformers }));
  let live: IndexSnapshot | undefined;
  let building: Promise<IndexReport> | undefined;
  let ensuring: Promise<IndexReport | undefined> | undefined;
  // Term statistics are computed once per loaded build, on the first question.
  const termStats = new WeakMap<IndexSnapshot, TermStats>();
  const statsFor = (snapshot: IndexSnapshot) => {
    let stats = termStats.get(snapshot);
    if (!stats) termStats.set(snapshot, (stats = new TermStats(snapshot.passages.map((p) => `${p.title}\n${p.text}`))));
    return stats;
  };

  /**
   * Which articles a metadata question is about: those whose title, author or outlet it names
   * ("the article by Belal Awad"), then the retrieved ones, then the rest.
   */
  function rankArticlesForMetadata(terms: string[], hits: SearchHit[], snapshot: IndexSnapshot): string[] {
    const order = [...new Set([...hits.map((h) => h.article.id), ...Object.keys(snapshot.manifest.articles)])];
    const named = (id: string) => {
      const m = snapshot.manifest.articles[id]!.meta;
      const own = new Set(termsOf([m.title, m.author, m.source].filter(Boolean).join(" ")));
      return terms.filter((t) => own.has(t)).length;
    };
    const score = new Map(order.map((id) => [id, named(id)]));
    return order.sort((a, b) => score.get(b)! - score.get(a)! || order.indexOf(a) - order.indexOf(b));
  }

  /** An article's metadata and its first sentence (what a metadata citation quotes). */
  function withLead(snapshot: IndexSnapshot, articleId: string): ArticleWithLead | undefined {
    const entry = snapshot.manifest.articles[articleId];
    const first = entry && snapshot.byId.get(entry.passageIds[0] ?? "");
    if (!entry || !first) return undefined;
    const span = splitSentences(first.text)[0];
    return { meta: entry.meta, lead: span ? first.text.slice(span.start, span.end) : first.text };
  }

  async function loadLive(): Promise<IndexSnapshot> {
    const { name, manifest } = await readLiveManifest(config.index.dir);
    if (manifest.embedder.id !== embedder.id) {
      throw new RagError(
        "INDEX_CORRUPT",
        `The index was built with ${manifest.embedder.id}, but the embedder now is ${embedder.id}`,
      );
    }
    if (live?.name === name) return live;
    return loadSnapshot(config.index.dir, name, manifest, embedder.embeddings);
  }

  function reindex(options: ReindexOptions = {}): Promise<IndexReport> {
    if (building) {
      return Promise.reject(new RagError("REINDEX_IN_PROGRESS", "A reindex is already running; wait for it to finish."));
    }
    building = (async () => {
      const report = await buildIndex({
        corpusDir: config.corpus.dir,
        indexDir: config.index.dir,
        maxArticleBytes: config.corpus.maxArticleBytes,
        split: config.split,
        embedder,
        full: options.full,
        lockWaitMs: config.index.lockWaitMs,
        log,
        onProgress: options.onProgress,
      });
      // Swap only once the new build has loaded; until then searches use the old one.
      live = await loadLive();
      return report;
    })().finally(() => {
      building = undefined;
    });
    return building;
  }

  async function ensure(options: EnsureOptions): Promise<IndexReport | undefined> {
    if (!live) {
      try {
        live = await loadLive();
      } catch (error) {
        if (!isRagError(error) || (error.code !== "INDEX_MISSING" && error.code !== "INDEX_CORRUPT")) throw error;
        log.warn(`${error.message.split(". Run")[0]}; building it from ${config.corpus.dir}`);
        return reindex({ ...options, full: error.code === "INDEX_CORRUPT" || options.full });
      }
    }
    if (options.update && isFingerprintStale(live.manifest.files, await fingerprintCorpus(config.corpus.dir))) {
      log.info("the corpus changed since the index was built; updating it");
      return reindex(options);
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
    ensureIndex,
    async search(query, options = {}) {
      if (!query.trim()) throw new RagError("INVALID_INPUT", "The search query is empty.");
      if (!live) await ensureIndex();
      return searchSnapshot(live!, embedder, query, options, config.search);
    },
    async ask(question, options = {}) {
      const text = question.trim();
      if (!text) throw new RagError("INVALID_INPUT", "The question is empty.");
      if (text.length > config.answer.maxQuestionChars) {
        throw new RagError("INVALID_INPUT", `Questions are limited to ${config.answer.maxQuestionChars} characters; this one has ${text.length}.`);
      }
      const started = performance.now();
      if (!live) await ensureIndex();
      const snapshot = live!;
      const hits = await searchSnapshot(snapshot, embedder, text, { ...options, k: options.k ?? config.answer.passages, maxPerArticle: 4 }, config.search);
      const retrieved = performance.now();
      const parsed = parseQuestion(text);
      const metadataTargets = () => {
        if (options.articleId) return [withLead(snapshot, options.articleId)].filter((a) => !!a);
        const ids = rankArticlesForMetadata(parsed.terms, hits, snapshot);
        return ids.slice(0, parsed.aboutAllArticles ? 5 : 1).map((id) => withLead(snapshot, id)).filter((a) => !!a);
      };
      const answer = answerWithoutLlm({ question: parsed, hits, stats: statsFor(snapshot), metadataTargets });
      const done = performance.now();
      return { ...answer, timings: { retrieveMs: retrieved - started, answerMs: done - retrieved } };
    },
    reindex,
    stats() {
      if (!live) return undefined;
      const m = live.manifest;
      return { articles: m.counts.articles, passages: m.counts.passages, embedder: m.embedder.id, dimension: m.embedder.dimension, builtAt: m.builtAt };
    },
    listArticles() {
      if (!live) return [];
      return Object.values(live.manifest.articles)
        .map((a) => a.meta)
        .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.title.localeCompare(b.title));
    },
  };
}
