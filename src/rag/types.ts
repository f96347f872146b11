import type { StoreKind } from "./store/kinds.js";
import type { RecencyPrior } from "./recency.js";

/** One article of the corpus, after loading and cleaning. `text` is what passages and quotes index into. */
export interface Article {
  id: string;
  title: string;
  text: string;
  /** Path of the source file, relative to the corpus directory. */
  file: string;
  author?: string;
  /** The publisher or outlet. */
  source?: string;
  /** ISO 8601 date (YYYY-MM-DD or a full timestamp). */
  date?: string;
  /** ISO 8601: when the publisher last changed it (a fetched page's dateModified). */
  modified?: string;
  /** The article's language tag ("en"), when its page or file says. */
  language?: string;
  url?: string;
  tags?: string[];
  /** Abbreviations the text defines, with their long forms ("EPA" → "Environmental Protection Agency"); found when it is parsed. */
  abbreviations?: Record<string, string>;
  /** The text's MinHash signature (corpus/minhash.ts), found when it is parsed: tells copies of one story. */
  minhash?: string;
}

/** Another outlet's copy of a story a search result or citation comes from. */
export interface CopyRef {
  id: string;
  title: string;
  source?: string;
  date?: string;
  url?: string;
}

/** The metadata of an article without its text, as kept in the manifest and shown in citations. */
export type ArticleMeta = Omit<Article, "text"> & {
  /** Set on search results only: the other articles of the same story (near-duplicates), which search leaves out. */
  copies?: CopyRef[];
};

/** A span of an article's text: `text === article.text.slice(start, end)`. */
export interface Passage {
  id: string;
  articleId: string;
  title: string;
  text: string;
  start: number;
  end: number;
}

/** A file or line of the corpus that was not indexed, and why. */
export interface SkippedInput {
  file: string;
  line?: number;
  reason: string;
}

export type SearchMode = "hybrid" | "dense" | "bm25";

/** One ranked passage returned by search. */
export interface SearchHit {
  rank: number;
  score: number;
  passage: Passage;
  article: ArticleMeta;
}

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  /** Restrict results to one article. */
  articleId?: string;
  /** Inclusive ISO dates; articles without a date are excluded when a range is given. */
  dateFrom?: string;
  dateTo?: string;
  maxPerArticle?: number;
  /** Search as of this time: articles dated after it are not used. */
  asOf?: Date | string;
  /** A soft preference for articles close to `asOf` (see recency.ts); none by default. */
  recency?: RecencyPrior;
}

/** What a reindex did, for logs, the CLI and moderators. */
export interface IndexReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Articles unchanged but split and embedded again (a full build). */
  recomputed: number;
  skipped: SkippedInput[];
  duplicates: SkippedInput[];
  articles: number;
  passages: number;
  /** Passages whose embeddings were computed in this run (the rest came from the cache). */
  embedded: number;
  /** Seconds spent embedding, so the embedder's own speed can be told from the pipeline's. */
  embedSeconds: number;
  full: boolean;
  /** False when nothing changed and the live index was kept as it was. */
  rebuilt: boolean;
  seconds: number;
  passagesPerSecond: number;
  embedder: string;
  builtAt: string;
  /**
   * Set when a lexical-first build went live but embedding stopped: how many passages are
   * searchable by keywords only, and why. The next reindex embeds them; `handedOver` when a newer
   * reindex took the embedding over (nothing failed).
   */
  embedding?: { pending: number; error: string; handedOver?: true };
}

/** A summary of the live index. */
export interface IndexStats {
  articles: number;
  passages: number;
  /** Passages with a vector in the index (dense search sees only these). */
  embedded: number;
  embedder: string;
  dimension: number;
  builtAt: string;
  /** Where the index lives. */
  store: StoreKind;
  /** How people call it ("local files", "PostgreSQL (shared)"). */
  storeLabel: string;
}

/** Progress of a long operation, for progress bars and logs. */
export interface Progress {
  phase: "load" | "split" | "embed" | "write";
  done: number;
  total: number;
}
