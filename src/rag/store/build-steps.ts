import { createHash } from "node:crypto";
import type { Embedder } from "../embeddings/index.js";
import { RagError } from "../errors.js";
import type { Article, ArticleMeta, IndexReport, Progress, SkippedInput } from "../types.js";

/**
 * The steps every store's build shares: how articles and passages are hashed (what tells a
 * changed article, and which embeddings can be reused), what is embedded, and the report's rates.
 */

const EMBED_BATCH = 64;

export const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

/** What gets embedded for a passage: the title gives a short passage its topic. */
export const embeddingText = (p: { title: string; text: string }) => `${p.title}\n${p.text}`;

export const metaOf = ({ text: _text, ...meta }: Article): ArticleMeta => meta;

/** Changes when the article's text or any of its metadata but its file changes. */
export const articleHash = (a: Article) => sha(JSON.stringify({ ...metaOf(a), file: undefined, text: a.text }));

/**
 * Embeds the passages at `missing` into their rows of `out`, a batch at a time, checking each
 * vector's size and counting them in the report; `afterBatch` runs after each batch (a
 * lexical-first build adds it to the live graph there).
 */
export async function embedInto(
  passages: { title: string; text: string }[],
  missing: number[],
  out: Float32Array,
  opts: { embedder: Embedder; onProgress?: (progress: Progress) => void; signal?: AbortSignal },
  report: IndexReport,
  afterBatch?: (batch: number[], rows: number[][], done: number) => Promise<void>,
): Promise<void> {
  const dim = opts.embedder.dimension;
  opts.onProgress?.({ phase: "embed", done: 0, total: missing.length });
  const started = performance.now();
  let done = 0;
  for (let b = 0; b < missing.length && !opts.signal?.aborted; b += EMBED_BATCH) {
    const batch = missing.slice(b, b + EMBED_BATCH);
    const rows = await opts.embedder.embeddings.embedDocuments(batch.map((i) => embeddingText(passages[i]!)));
    batch.forEach((passageIndex, j) => {
      const v = rows[j];
      if (!v || v.length !== dim) {
        throw new RagError("EMBEDDINGS_UNAVAILABLE", `Embedder ${opts.embedder.id} returned a vector of the wrong size`);
      }
      out.set(v, passageIndex * dim);
    });
    done += batch.length;
    report.embedded += batch.length;
    report.embedSeconds = (performance.now() - started) / 1000;
    opts.onProgress?.({ phase: "embed", done, total: missing.length });
    await afterBatch?.(batch, rows, done);
  }
}

/** A lexical-first build's vectors: earlier embeddings by text hash, NaN rows for the passages still to embed. */
function reusedVectors(passages: { hash: string }[], cache: ReadonlyMap<string, ArrayLike<number>>, dim: number): Float32Array {
  const out = new Float32Array(passages.length * dim).fill(Number.NaN);
  passages.forEach((p, i) => {
    const hit = cache.get(p.hash);
    if (hit && hit.length === dim) out.set(hit, i * dim);
  });
  return out;
}

/** Fills a vector per passage, from earlier embeddings by text hash, embedding the rest in batches. */
async function embedPassages(
  passages: { title: string; text: string; hash: string }[],
  cache: ReadonlyMap<string, ArrayLike<number>>,
  opts: { embedder: Embedder; onProgress?: (progress: Progress) => void },
  report: IndexReport,
): Promise<Float32Array> {
  const dim = opts.embedder.dimension;
  const out = new Float32Array(passages.length * dim);
  const missing: number[] = [];
  passages.forEach((p, i) => {
    const hit = cache.get(p.hash);
    if (hit && hit.length === dim) out.set(hit, i * dim);
    else missing.push(i);
  });
  await embedInto(passages, missing, out, opts, report);
  return out;
}

/**
 * The vectors a build starts with: everything embedded first, or (lexical first) only those
 * earlier embeddings give, with NaN rows for the passages to embed once the build is live.
 */
export function vectorsAtHand(
  passages: { title: string; text: string; hash: string }[],
  cache: ReadonlyMap<string, ArrayLike<number>>,
  opts: { embedder: Embedder; onProgress?: (progress: Progress) => void; lexicalFirst?: boolean },
  report: IndexReport,
  lexicalFirst = !!opts.lexicalFirst,
): Promise<Float32Array> {
  return lexicalFirst
    ? Promise.resolve(reusedVectors(passages, cache, opts.embedder.dimension))
    : embedPassages(passages, cache, opts, report);
}

/** What a report says of passages left waiting when a newer reindex took their embedding over. */
export const handedOver = (pending: number) => ({ pending, error: "a newer reindex took the embedding over", handedOver: true as const });

/** A report before anything is counted: every known article not in the corpus is removed. */
export function emptyReport(
  corpus: { articles: Article[]; skipped: SkippedInput[]; duplicates: SkippedInput[] },
  knownIds: Iterable<string>,
  full: boolean,
  embedderId: string,
): IndexReport {
  const current = new Set(corpus.articles.map((a) => a.id));
  return {
    added: [],
    changed: [],
    removed: [...knownIds].filter((id) => !current.has(id)),
    unchanged: 0,
    recomputed: 0,
    skipped: corpus.skipped,
    duplicates: corpus.duplicates,
    articles: corpus.articles.length,
    passages: 0,
    embedded: 0,
    embedSeconds: 0,
    full,
    rebuilt: true,
    seconds: 0,
    passagesPerSecond: 0,
    embedder: embedderId,
    builtAt: new Date().toISOString(),
  };
}

/** Stamps the report with its duration and rate. */
export function finish(report: IndexReport, started: number): IndexReport {
  report.seconds = (performance.now() - started) / 1000;
  report.passagesPerSecond = report.seconds > 0 ? report.passages / report.seconds : 0;
  return report;
}
