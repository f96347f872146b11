import type { ArticleParser } from "../corpus/parser-pool.js";
import type { Embedder } from "../embeddings/index.js";
import type { Logger } from "../logger.js";
import type { Pause } from "../pace.js";
import type { SplitOptions } from "../split.js";
import type { ArticleMeta, IndexReport, Passage, Progress } from "../types.js";
import type { CorpusFingerprint } from "./fingerprint.js";
import type { StoreKind } from "./kinds.js";
import type { FrequencySource } from "./term-stats.js";

/**
 * How the rest of the core reads an index, whatever keeps it: the local files (one process) or,
 * later, a database that many processes share. Search, answers and the engine use only this;
 * how a store lays out its data stays inside its implementation.
 */

/** Which passages a search may return. */
export interface SearchScope {
  articleId?: string;
  /** Inclusive ISO dates; articles without a date are excluded when a range is given. */
  dateFrom?: string;
  dateTo?: string;
  /** Articles published after this time are not used. */
  asOf?: Date;
}

/** BM25's parameters. */
export interface LexicalOptions {
  k1: number;
  b: number;
}

/** A ranked passage with what ranking after retrieval needs: its article and that article's date. */
export interface RankedPassage {
  id: string;
  score: number;
  articleId: string;
  date?: string;
}

/** What a generation of the index says about itself. */
export interface IndexInfo {
  /** The generation's name: it changes with every build or update. */
  generation: string;
  articles: number;
  passages: number;
  /** Passages with a vector (dense search sees only these). */
  embedded: number;
  embedder: { id: string; dimension: number };
  builtAt: string;
  splitter: { passageTokens: number; overlapTokens: number };
}

/** One generation of the index as readers see it; it does not change while held. */
export interface IndexView {
  readonly info: IndexInfo;
  /** Every article, in the store's stable order. */
  articles(): ArticleMeta[];
  article(id: string): ArticleMeta | undefined;
  /** An article's first passage (what a metadata answer quotes its opening from). */
  firstPassage(articleId: string): Promise<Passage | undefined>;
  /** Passages by id, in the order asked; unknown ids are left out. */
  passages(ids: string[]): Promise<Passage[]>;
  /** Nearest passages to `vector` by cosine similarity, best first. */
  dense(vector: number[], limit: number, scope: SearchScope, efSearch: number): Promise<RankedPassage[]>;
  /** BM25 ranking of passages for `query`, best first. */
  lexical(query: string, limit: number, scope: SearchScope, options: LexicalOptions): Promise<RankedPassage[]>;
  /** Both rankings at once, where a store can fetch them in one round trip (a database). */
  hybrid?(
    vector: number[],
    query: string,
    limit: number,
    scope: SearchScope,
    efSearch: number,
    options: LexicalOptions,
  ): Promise<{ dense: RankedPassage[]; lexical: RankedPassage[] }>;
  /** Document frequencies for weighting question terms and matching misspellings. */
  readonly frequencies: FrequencySource;
  /** True when the corpus on disk differs from what this generation was built from. */
  isStale(current: CorpusFingerprint): boolean;
}

/** What a build needs from the core: where the corpus is, how to parse, split and embed it. */
export interface StoreBuildOptions {
  corpusDir: string;
  maxArticleBytes: number;
  /** The limit for binary documents (PDF, DOCX), larger than text's; maxArticleBytes when unset. */
  maxDocumentBytes?: number;
  parse?: ArticleParser;
  split: SplitOptions;
  embedder: Embedder;
  /** Recompute everything, ignoring the previous generation and its embeddings. */
  full?: boolean;
  log: Logger;
  onProgress?: (progress: Progress) => void;
  /**
   * Checks the new generation as it will be served before it goes live; a throw leaves the
   * previous generation live and discards the new one.
   */
  verify?: (view: IndexView) => void | Promise<void>;
  /**
   * Make the new articles searchable first (by BM25, and by the embeddings already at hand), then
   * embed the rest while serving (and, with a shared store, with any embed workers running).
   */
  lexicalFirst?: boolean;
  /** Hears the moment the new articles are searchable (for a lexical-first build, before embedding ends). */
  onSearchable?: (report: IndexReport) => void;
  /** Receives each generation as it goes live during the build (the first, then each checkpoint). */
  onLive?: (view: IndexView) => void;
  /**
   * Stops a lexical-first build's embedding after the batch in hand (a newer reindex takes it
   * over): what was embedded is kept live, and the report says how many passages still wait.
   */
  signal?: AbortSignal;
  /** Lets other work (other servers' answers) run between slices of the build's own work; see pace.ts. */
  pause?: Pause;
}

/** How an embed worker works through the passages stored without a vector. */
export interface EmbedQueueOptions {
  /** Passages per claim (default 64). */
  batch?: number;
  /** How long a claim lasts before another worker may take it (default 60 s): longer than a batch takes. */
  leaseMs?: number;
  /** Keep waiting for new passages once none is left, until `signal` aborts. */
  follow?: boolean;
  /** How often to look again when nothing is claimable (default 1 s). */
  pollMs?: number;
  signal?: AbortSignal;
  /** After each batch: passages this process embedded, passages still waiting, and how many waited at the start. */
  onProgress?: (progress: { embedded: number; pending: number; atStart: number }) => void;
}

export interface EmbedQueueResult {
  /** Passages this process embedded. */
  embedded: number;
  seconds: number;
  /** Of which spent in the embedder. */
  embedSeconds: number;
}

/** Where an index lives, and how it is opened and built. */
export interface IndexStore {
  readonly kind: StoreKind;
  /** The embedder the live generation was built with, read without loading it (EMBEDDINGS=auto keeps it). */
  liveEmbedder(): Promise<string | undefined>;
  /**
   * The live generation, ready to search: `current` itself when it is still the live one.
   * Throws INDEX_MISSING, INDEX_CORRUPT or INDEX_OUTDATED when there is none that can serve.
   */
  open(embedder: Embedder, current?: IndexView): Promise<IndexView>;
  /** Builds or updates the index from the corpus; returns the new generation when one went live. */
  build(options: StoreBuildOptions): Promise<{ report: IndexReport; view?: IndexView }>;
  /**
   * Whether `view` is still the live generation, for stores that other processes update (a
   * shared database): when it is not, the engine opens the new one. Cheap; may be cached briefly.
   */
  isCurrent?(view: IndexView): Promise<boolean>;
  /**
   * Embeds passages stored without a vector, sharing the work with any other process doing the
   * same (stores many processes share: `npm run embed-worker`).
   */
  embedQueued?(embedder: Embedder, options?: EmbedQueueOptions): Promise<EmbedQueueResult>;
  /** Deletes everything this index holds in a database (its tables); a local index's folder is deleted by its owner. */
  destroy?(): Promise<void>;
  /** Releases connections. */
  close?(): Promise<void>;
}
