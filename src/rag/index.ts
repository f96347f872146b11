/**
 * The public surface of the retrieval core: front ends (CLI, bot) import from here only. It
 * loads light modules only; the engine (models, indexes, parsers) loads when a core is created,
 * so a command can read its arguments and print its help at once.
 */
import type { CoreConfig } from "../config/index.js";
import type { Rag, RagDeps } from "./engine.js";

export type { Rag, RagDeps, ReindexOptions, EnsureOptions, AddedUrl } from "./engine.js";
export type { Source, SourceStatus, SyncReport, SourceSyncReport, ArticleRef } from "./sources/index.js";
export { SOURCE_KINDS, SOURCE_LIMITS, type SourceKind } from "./sources/kinds.js";
export { SOURCES_FILE } from "./corpus/reserved.js";
export { syncCounts } from "./sources/summary.js";
export type { EmbedQueueOptions, EmbedQueueResult } from "./store/store.js";

/** Creates the core (see engine.ts): loads the live index's manifest and, when used, the embedder. */
export async function createRag(config: CoreConfig, deps: RagDeps = {}): Promise<Rag> {
  const engine = await import("./engine.js");
  return engine.createRag(config, deps);
}
/**
 * Every Discord server's library beside the shared corpus (see libraries/): routes a server to
 * its index, loads it when first asked, unloads it when idle under the memory budget.
 */
export async function createLibraries(
  config: CoreConfig,
  shared: Rag,
  options: import("./libraries/index.js").LibrariesOptions,
  deps: Omit<RagDeps, "library" | "embedder"> = {},
) {
  const [{ createLibraries: create }, engine] = await Promise.all([import("./libraries/index.js"), import("./engine.js")]);
  return create(config, shared, options, { ...deps, createRag: engine.createRag });
}
export type { Library, Libraries, LibrariesOptions } from "./libraries/index.js";
/** A server's own articles and sources (or, with no server, the shared corpus) as a zip: `npm run export`. */
export async function exportLibrary(config: CoreConfig, serverId?: string): Promise<{ zip: Uint8Array; files: number }> {
  const [{ zipCorpus }, { serverPaths }] = await Promise.all([import("./libraries/export.js"), import("./libraries/server-id.js")]);
  return zipCorpus(serverId ? serverPaths(config.dataDir, serverId).corpus : config.corpus.dir);
}
export type { ServerSettings } from "./libraries/settings.js";
export type { LibraryLimits } from "./libraries/limits.js";
export { isSharedId, SHARED_PREFIX } from "./libraries/union-view.js";
export { isServerId } from "./libraries/server-id.js";
/** Every article of a corpus folder as the index reads it (any format, each file bounded by 1 GB): for evaluations. */
export async function readCorpusArticles(dir: string): Promise<{ id: string; title: string; text: string }[]> {
  const { loadCorpus } = await import("./corpus/load.js");
  const { articles } = await loadCorpus(dir, { maxBytes: 1024 ** 3, maxDocumentBytes: 1024 ** 3 });
  return articles.map(({ id, title, text }) => ({ id, title, text }));
}
/** Opens the question log the settings name (see questions/): SQLite by default, PostgreSQL beside that index, or none. */
export async function openQuestionLog(config: CoreConfig, log: import("./logger.js").Logger) {
  return (await import("./questions/index.js")).openQuestionLog(config, log);
}

/** What /insights and `npm run insights` show: totals, top questions, coverage gaps, cited and never-cited articles. */
export async function buildInsights(
  recorder: import("./questions/index.js").QuestionRecorder,
  rag: Rag,
  options: { server?: string; days: number; now?: number },
) {
  const { buildInsights: build } = await import("./questions/insights.js");
  return build(
    recorder.log,
    {
      articles: rag.listArticles(),
      search: (q, o) => rag.search(q, o),
      embed: (texts) => rag.embedder.embeddings.embedDocuments(texts),
    },
    options,
  );
}
export type { QuestionRecorder, DownReason, QuestionEntry } from "./questions/index.js";
export { DOWN_REASONS } from "./questions/types.js";
export type { InsightsReport } from "./questions/insights.js";
export { RagError, isRagError, type RagErrorCode } from "./errors.js";
export { createLogger, silentLogger, type Logger } from "./logger.js";
export { redactSecrets } from "./redact.js";
export { formatBytes } from "./corpus/read.js";
export { stripControlCharacters } from "./corpus/clean.js";
export { ARTICLE_EXTENSIONS, ARTICLE_FORMATS, FORMAT_NAMES } from "./corpus/formats.js";
export type { UploadedArticle } from "./corpus/admin.js";
export type { Embedder } from "./embeddings/index.js";
export { NOT_COVERED, NOT_STATED } from "./answer/messages.js";
export { formatDate } from "./answer/metadata.js";
export { alsoCarriedBy } from "./answer/also-in.js";
export type { Answer, AskOptions, Citation, RelatedArticle, Answerer, Turn } from "./answer/types.js";
export type {
  Article,
  ArticleMeta,
  CopyRef,
  IndexReport,
  IndexStats,
  Passage,
  Progress,
  SearchHit,
  SearchMode,
  SearchOptions,
  SkippedInput,
} from "./types.js";
