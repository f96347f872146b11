import type { INDEX_STORES } from "./choices.js";
import { ConfigError, coreEnvSchema, parseEnv, type CoreEnv, type Env } from "./env.js";

/** Settings of the retrieval core and the command-line tools, grouped by concern. */
export interface CoreConfig {
  env: "development" | "production" | "test";
  log: { level: string; format: "auto" | "json" | "pretty" };
  corpus: {
    dir: string;
    maxArticleBytes: number;
    /** The limit for binary documents (PDF, DOCX) in the corpus and fetched by URL. */
    maxDocumentBytes: number;
    /** A file still parsing after this long is skipped (parsing runs in worker threads). */
    parseTimeoutMs: number;
  };
  index: {
    dir: string;
    lockWaitMs: number;
    store: (typeof INDEX_STORES)[number];
    /** With the postgres store: the database (it holds the password, so it is a secret). */
    databaseUrl?: string;
    /** With the postgres store: how often a process asks whether another one reindexed. */
    checkMs: number;
    /** With the postgres store: how long an embed worker's claim on a batch lasts (a killed worker's batch waits this long). */
    embedLeaseMs: number;
    /** With the postgres store: what its tables' names start with, so one database can hold several indexes. */
    tablePrefix: string;
    /** With the local store: builds of at most this many passages are searched exactly, with no graph. */
    exactMaxPassages: number;
  };
  embeddings: {
    spec: string;
    baseUrl?: string;
    apiKey?: string;
    downloadTimeoutMs: number;
    cacheDir: string;
    batchSize: number;
    /** Worker threads for bulk USE-lite embedding; 0 means one per core. */
    threads: number;
  };
  split: { passageTokens: number; overlapTokens: number };
  search: {
    topK: number;
    maxPerArticle: number;
    mode: "hybrid" | "dense" | "bm25";
    fusion: "convex" | "rrf";
    denseWeight: number;
    lexicalWeight: number;
    bm25: { k1: number; b: number };
    efSearch: number;
  };
  answer: {
    /** Longer questions are refused with a clear message. */
    maxQuestionChars: number;
    /** Passages retrieved to answer from. */
    passages: number;
  };
  /** The crawler: what it may reach, how it identifies itself, how hard it may pull. */
  fetch: {
    /** FETCH_ALLOW_HOSTS: hosts, addresses and ranges allowed beside public addresses (none by default). */
    allow: string[];
    /** The URL in the User-Agent where a site's operator can learn who is fetching. */
    contactUrl?: string;
    /** Pause between two requests to one host. */
    delayMs: number;
    /** A whole request's time limit. */
    timeoutMs: number;
  };
  /** Where the bot keeps its own data (the question log, feedback). */
  dataDir: string;
  /** The question log: every question asked, answered or refused, and its votes (for /insights). */
  questions: {
    /** Where: an SQLite file under dataDir, the PostgreSQL database of the index, or nowhere. */
    store: "sqlite" | "postgres" | "off";
    /** The key user ids are hashed with (HMAC-SHA256); a secret. Unset: one is made and kept in dataDir. */
    key?: string;
    retentionDays: number;
  };
  /** Sources kept in sync. */
  sync: {
    /** Minutes between a source's syncs, unless it sets its own. */
    everyMinutes: number;
    /** Articles fetched per source per sync, newest first. */
    maxItems: number;
  };
  llm: {
    /** `none`, or `provider:model`. */
    spec: string;
    /** The provider's endpoint: LLM_BASE_URL, else the provider's own setting. */
    baseUrl?: string;
    apiKey?: string;
    timeoutMs: number;
    maxTokens: number;
    temperature: number;
    /** Token budget of what is sent to the model: the system prompt, the question, and each source with its title, outlet and date. */
    contextTokens: number;
    maxRetries: number;
  };
}

/** Each provider's endpoint and key; LLM_BASE_URL overrides the endpoint for any of them. */
function llmEndpoint(e: CoreEnv): { baseUrl?: string; apiKey?: string } {
  const provider = e.LLM.split(":")[0];
  if (provider === "openai") return { baseUrl: e.LLM_BASE_URL ?? e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY };
  if (provider === "ollama") return { baseUrl: e.LLM_BASE_URL ?? e.OLLAMA_BASE_URL };
  if (provider === "anthropic") return { baseUrl: e.LLM_BASE_URL, apiKey: e.ANTHROPIC_API_KEY };
  return {};
}

/** Validates the environment and shapes it into a CoreConfig. */
export function loadCoreConfig(env: Env): CoreConfig {
  const e = parseEnv(coreEnvSchema, env);
  if (e.QUESTION_LOG === "postgres" && !e.DATABASE_URL) {
    throw new ConfigError(["DATABASE_URL: required when QUESTION_LOG=postgres (it is not set)"]);
  }
  if (e.INDEX_STORE === "postgres" && !e.DATABASE_URL) {
    throw new ConfigError([
      "DATABASE_URL: required when INDEX_STORE=postgres, e.g. postgres://user:password@host:5432/footnote (it is not set)",
    ]);
  }
  return {
    env: e.NODE_ENV,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    corpus: {
      dir: e.CORPUS_DIR,
      maxArticleBytes: e.MAX_ARTICLE_BYTES,
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      parseTimeoutMs: e.PARSE_TIMEOUT_MS,
    },
    index: {
      dir: e.INDEX_DIR,
      lockWaitMs: e.INDEX_LOCK_WAIT_MS,
      store: e.INDEX_STORE,
      databaseUrl: e.DATABASE_URL,
      checkMs: e.INDEX_CHECK_MS,
      embedLeaseMs: e.EMBED_LEASE_MS,
      tablePrefix: e.INDEX_TABLE_PREFIX,
      exactMaxPassages: e.EXACT_SEARCH_MAX_PASSAGES,
    },
    embeddings: {
      spec: e.EMBEDDINGS,
      baseUrl: e.EMBEDDINGS_BASE_URL ?? e.OPENAI_BASE_URL,
      apiKey: e.EMBEDDINGS_API_KEY ?? e.OPENAI_API_KEY,
      downloadTimeoutMs: e.EMBEDDINGS_DOWNLOAD_TIMEOUT_MS,
      cacheDir: e.EMBEDDINGS_CACHE_DIR,
      batchSize: e.EMBEDDINGS_BATCH_SIZE,
      threads: e.EMBEDDINGS_THREADS,
    },
    split: { passageTokens: e.PASSAGE_TOKENS, overlapTokens: e.PASSAGE_OVERLAP_TOKENS },
    search: {
      topK: e.SEARCH_TOP_K,
      maxPerArticle: e.SEARCH_MAX_PER_ARTICLE,
      mode: e.SEARCH_MODE,
      fusion: e.HYBRID_FUSION,
      denseWeight: e.HYBRID_DENSE_WEIGHT,
      lexicalWeight: e.HYBRID_LEXICAL_WEIGHT,
      bm25: { k1: e.BM25_K1, b: e.BM25_B },
      efSearch: e.HNSW_EF_SEARCH,
    },
    answer: { maxQuestionChars: e.QUESTION_MAX_CHARS, passages: e.ANSWER_PASSAGES },
    fetch: {
      allow: e.FETCH_ALLOW_HOSTS,
      contactUrl: e.FETCH_CONTACT_URL,
      delayMs: e.FETCH_DELAY_MS,
      timeoutMs: e.FETCH_TIMEOUT_MS,
    },
    sync: { everyMinutes: e.SYNC_INTERVAL_MINUTES, maxItems: e.SYNC_MAX_ITEMS },
    dataDir: e.DATA_DIR,
    questions: {
      store: e.QUESTION_LOG === "auto" ? (e.INDEX_STORE === "postgres" ? "postgres" : "sqlite") : e.QUESTION_LOG,
      key: e.QUESTION_LOG_KEY,
      retentionDays: e.QUESTION_RETENTION_DAYS,
    },
    llm: {
      spec: e.LLM,
      ...llmEndpoint(e),
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxTokens: e.LLM_MAX_TOKENS,
      temperature: e.LLM_TEMPERATURE,
      contextTokens: e.LLM_CONTEXT_TOKENS,
      maxRetries: e.LLM_MAX_RETRIES,
    },
  };
}
