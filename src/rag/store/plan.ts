import { loadCorpus, type LoadedCorpus } from "../corpus/load.js";
import { noPause } from "../pace.js";
import { SPLITTER_VERSION, splitArticle, type SplitOptions } from "../split.js";
import type { Article, IndexReport, Passage } from "../types.js";
import { articleHash, embeddingText, emptyReport, sha } from "./build-steps.js";
import { type CorpusFingerprint, fingerprintCorpus } from "./fingerprint.js";
import type { StoreBuildOptions } from "./store.js";

/**
 * The build planner every store shares: it reads the corpus and compares it with what the live
 * index says of itself, and says what a build must do (which articles are new, changed, removed
 * or unchanged; whether the build is full and why). A store then only applies the plan: writes
 * passages and vectors its own way, makes the result live, and embeds what is left.
 */

/** What planning reads of a build's options. */
type PlanOptions = Pick<
  StoreBuildOptions,
  "corpusDir" | "maxArticleBytes" | "maxDocumentBytes" | "parse" | "split" | "embedder" | "full" | "log" | "onProgress" | "pause"
>;

/** What the live index tells the planner about itself: enough to diff, never its data. */
export interface LiveSummary {
  /** Each live article's hash (`articleHash`). */
  articles: ReadonlyMap<string, string>;
  embedder: { id: string; dimension: number };
  splitter: { version: number; passageTokens: number; overlapTokens: number };
}

/** One corpus article and what the build does with it. */
export interface PlannedArticle {
  article: Article;
  hash: string;
  /** `unchanged` articles keep their passages and vectors; the others are split (and embedded) afresh. */
  status: "added" | "changed" | "unchanged" | "recomputed";
}

export interface BuildPlan {
  corpus: LoadedCorpus;
  /** The corpus files as they were read, for telling later whether the corpus changed. */
  files: CorpusFingerprint;
  /** Every corpus article, in corpus order. */
  articles: PlannedArticle[];
  /** The build's report, its article counts filled in. */
  report: IndexReport;
  /** Everything is split again (`report.full`); `why` says why, for the log. */
  full: boolean;
  why?: string;
  /** Embeddings of the live index may be reused by text hash: the embedder is the same and no --full was asked for. */
  reuseEmbeddings: boolean;
  /** Nothing was added, changed or removed (a store may still have vectors to finish). */
  nothingChanged: boolean;
}

/** A passage as a build stores it: with the hash of what is embedded, the key for reusing a vector. */
export type PlannedPassage = Passage & { hash: string };

/** An article's passages, hashed for the embedding cache. */
export const passagesOf = (article: Article, split: SplitOptions): PlannedPassage[] =>
  splitArticle(article, split).map((p) => ({ ...p, hash: sha(embeddingText(p)) }));

/** Why the live index cannot be updated in place, or undefined when it can. */
function whyFull(live: LiveSummary | undefined, opts: PlanOptions, storeWhy: string | undefined): string | undefined {
  if (!live) return storeWhy ?? "there is no index yet";
  if (opts.full) return "--full was asked for";
  if (live.embedder.id !== opts.embedder.id || live.embedder.dimension !== opts.embedder.dimension) {
    return `the embedder changed (${live.embedder.id} → ${opts.embedder.id})`;
  }
  const s = live.splitter;
  if (s.version !== SPLITTER_VERSION || s.passageTokens !== opts.split.passageTokens || s.overlapTokens !== opts.split.overlapTokens) {
    return "the splitter settings changed";
  }
  return storeWhy;
}

/**
 * Reads the corpus and plans the build against the live index. `storeWhy` is a store's own
 * reason to rebuild everything (its files are damaged, its format changed), beside the shared ones.
 */
export async function planBuild(opts: PlanOptions, live: LiveSummary | undefined, storeWhy?: string): Promise<BuildPlan> {
  const files = await fingerprintCorpus(opts.corpusDir);
  const corpus = await loadCorpus(opts.corpusDir, {
    maxBytes: opts.maxArticleBytes,
    maxDocumentBytes: opts.maxDocumentBytes,
    parse: opts.parse,
  });
  // Skipped files are in the report (the CLI prints it, the bot shows it): logged here only in detail.
  for (const s of [...corpus.skipped, ...corpus.duplicates]) {
    opts.log.debug({ file: s.file, line: s.line }, `skipped ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason}`);
  }
  opts.onProgress?.({ phase: "load", done: corpus.articles.length, total: corpus.articles.length });

  const why = whyFull(live, opts, storeWhy);
  const full = why !== undefined;
  const known = live?.articles ?? new Map<string, string>();
  const report = emptyReport(corpus, known.keys(), full, opts.embedder.id);
  const pause = opts.pause ?? noPause;
  const articles: PlannedArticle[] = [];
  for (const article of corpus.articles) {
    const hash = articleHash(article);
    const old = known.get(article.id);
    const status = old === undefined ? "added" : old !== hash ? "changed" : full ? "recomputed" : "unchanged";
    if (status === "added" || status === "changed") report[status].push(article.id);
    else report[status]++;
    articles.push({ article, hash, status });
    await pause();
  }
  const reuseEmbeddings =
    !!live && !opts.full && live.embedder.id === opts.embedder.id && live.embedder.dimension === opts.embedder.dimension;
  const nothingChanged = !full && !report.added.length && !report.changed.length && !report.removed.length;
  return { corpus, files, articles, report, full, why, reuseEmbeddings, nothingChanged };
}
