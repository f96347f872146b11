/** The public surface of the retrieval core: front ends (CLI, bot) import from here only. */
export { createRag, type Rag, type RagDeps, type ReindexOptions, type EnsureOptions } from "./engine.js";
export { RagError, isRagError, type RagErrorCode } from "./errors.js";
export { createLogger, silentLogger, type Logger } from "./logger.js";
export { redactSecrets } from "./redact.js";
export { formatBytes } from "./corpus/read.js";
export { stripControlCharacters } from "./corpus/clean.js";
export { ARTICLE_EXTENSIONS } from "./corpus/parse.js";
export type { UploadedArticle } from "./corpus/admin.js";
export type { Embedder } from "./embeddings/index.js";
export { NOT_COVERED } from "./answer/index.js";
export { formatDate } from "./answer/metadata.js";
export type { Answer, AskOptions, Citation, RelatedArticle, Answerer } from "./answer/index.js";
export type {
  Article,
  ArticleMeta,
  IndexReport,
  IndexStats,
  Passage,
  Progress,
  SearchHit,
  SearchMode,
  SearchOptions,
  SkippedInput,
} from "./types.js";
