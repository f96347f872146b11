import type pg from "pg";
import { analyse } from "../../analysis.js";
import { loadCorpus } from "../../corpus/index.js";
import { RagError } from "../../errors.js";
import { SPLITTER_VERSION, splitArticle } from "../../split.js";
import type { IndexReport } from "../../types.js";
import { articleHash, embeddingText, embedPassages, finish, metaOf, sha } from "../build-steps.js";
import { fingerprintCorpus } from "../fingerprint.js";
import type { IndexView, LexicalOptions, StoreBuildOptions } from "../store.js";
import { LOCKS, type LexicalRanking, lexicalNotice, tablesOf } from "./schema.js";
import { type GenerationRow, PostgresIndexView, vectorLiteral } from "./view.js";

export interface PostgresBuildContext {
  pool: pg.Pool;
  lexical: LexicalRanking;
  bm25: LexicalOptions;
  lockWaitMs: number;
  live: () => Promise<GenerationRow | undefined>;
}

const ROWS_PER_INSERT = 500;
const LOCK_RETRY_MS = 250;

/** Holds the build lock on a connection of its own: a killed process's lock ends with its connection. */
async function takeBuildLock(pool: pg.Pool, waitMs: number): Promise<pg.PoolClient> {
  const client = await pool.connect();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { rows } = await client.query("SELECT pg_try_advisory_lock($1) AS ok", [LOCKS.build]);
    if (rows[0].ok) return client;
    if (Date.now() >= deadline) {
      client.release();
      throw new RagError("INDEX_LOCKED", "Another index run is in progress on the database; try again when it finishes.");
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

/** Drops a generation's tables and its row. */
async function dropGeneration(pool: pg.Pool, id: string): Promise<void> {
  const t = tablesOf(id);
  await pool.query(`DROP TABLE IF EXISTS ${t.passages}, ${t.articles}, ${t.terms}`);
  await pool.query("DELETE FROM footnote_generations WHERE id = $1", [id]);
}

/**
 * Removes what earlier builds left: generations still "building" (their process died; we hold the
 * lock, so none is running) and retired ones but the newest, which readers may still be finishing
 * a query on.
 */
async function removeLeftovers(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ id: string; state: string }>(
    `SELECT id, state FROM footnote_generations WHERE state = 'building'
     OR (state = 'retired' AND id < (SELECT coalesce(max(id), 0) FROM footnote_generations WHERE state = 'retired'))`,
  );
  for (const row of rows) await dropGeneration(pool, row.id);
}

/** Inserts rows in batches, each one statement of parallel arrays (unnest), so 100k rows take 200 round trips. */
async function insertColumns(pool: pg.Pool, sql: string, columns: unknown[][]): Promise<void> {
  const n = columns[0]?.length ?? 0;
  for (let i = 0; i < n; i += ROWS_PER_INSERT)
    await pool.query(
      sql,
      columns.map((c) => c.slice(i, i + ROWS_PER_INSERT)),
    );
}

/**
 * Builds a new generation from the corpus, reusing the live generation's embeddings by text hash,
 * checks it, and makes it live in one transaction. Readers keep the old generation until then.
 */
export async function buildGeneration(
  ctx: PostgresBuildContext,
  opts: StoreBuildOptions,
): Promise<{ report: IndexReport; view?: IndexView }> {
  const started = performance.now();
  const lock = await takeBuildLock(ctx.pool, ctx.lockWaitMs);
  let building: string | undefined;
  try {
    await removeLeftovers(ctx.pool);
    opts.log.info(lexicalNotice(ctx.lexical));
    const files = await fingerprintCorpus(opts.corpusDir);
    const corpus = await loadCorpus(opts.corpusDir, { maxBytes: opts.maxArticleBytes, parse: opts.parse });
    for (const s of [...corpus.skipped, ...corpus.duplicates]) {
      opts.log.debug({ file: s.file, line: s.line }, `skipped ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason}`);
    }
    opts.onProgress?.({ phase: "load", done: corpus.articles.length, total: corpus.articles.length });

    const live = await ctx.live();
    const sameEmbedder = live?.embedder_id === opts.embedder.id && live.dimension === opts.embedder.dimension;
    const sameSplitter =
      live?.splitter.version === SPLITTER_VERSION &&
      live.splitter.passageTokens === opts.split.passageTokens &&
      live.splitter.overlapTokens === opts.split.overlapTokens;
    const known = new Map<string, string>();
    if (live) {
      const { rows } = await ctx.pool.query<{ id: string; hash: string }>(`SELECT id, hash FROM ${tablesOf(live.id).articles}`);
      for (const r of rows) known.set(r.id, r.hash);
    }
    const full = !live || !!opts.full || !sameEmbedder || !sameSplitter;
    const current = new Set(corpus.articles.map((a) => a.id));
    const report: IndexReport = {
      added: [],
      changed: [],
      removed: [...known.keys()].filter((id) => !current.has(id)),
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
      embedder: opts.embedder.id,
      builtAt: new Date().toISOString(),
    };
    const hashes = corpus.articles.map(articleHash);
    corpus.articles.forEach((article, i) => {
      const old = known.get(article.id);
      if (old === undefined) report.added.push(article.id);
      else if (old !== hashes[i]) report.changed.push(article.id);
      else if (full) report.recomputed++;
      else report.unchanged++;
    });
    const fileList = [...files].map(([file, f]) => [file, f.size, f.mtimeMs]);
    if (live && !full && !report.added.length && !report.changed.length && !report.removed.length) {
      // The articles are as they were: only the files' times moved. Remember them, keep the generation.
      await ctx.pool.query("UPDATE footnote_generations SET files = $2 WHERE id = $1", [live.id, JSON.stringify(fileList)]);
      report.rebuilt = false;
      report.builtAt = live.built_at;
      report.passages = live.passages;
      return { report: finish(report, started) };
    }

    const passages = corpus.articles.flatMap((article) =>
      splitArticle(article, opts.split).map((p) => ({ ...p, hash: sha(embeddingText(p)), date: article.date?.slice(0, 10) })),
    );
    report.passages = passages.length;
    const cache = new Map<string, number[]>();
    if (live && sameEmbedder) {
      const { rows } = await ctx.pool.query<{ hash: string; embedding: string }>(
        `SELECT DISTINCT ON (hash) hash, embedding::text AS embedding FROM ${tablesOf(live.id).passages} WHERE hash = ANY($1::text[])`,
        [[...new Set(passages.map((p) => p.hash))]],
      );
      for (const r of rows) cache.set(r.hash, JSON.parse(r.embedding) as number[]);
    }
    const vectors = await embedPassages(passages, cache, opts, report);
    opts.onProgress?.({ phase: "write", done: 0, total: 1 });

    const dim = opts.embedder.dimension;
    // Each passage's terms as our own analysis makes them (title and text, stop words out, Porter
    // stems), indexed by the server with its 'simple' configuration: the server ranks the same
    // terms the local store does, and the answerer's frequencies match what search saw.
    const terms = passages.map((p) => analyse(`${p.title}\n${p.text}`));
    const { rows: created } = await ctx.pool.query<{ id: string }>(
      `INSERT INTO footnote_generations (state, built_at, embedder_id, dimension, splitter, lexical, articles, passages, files)
       VALUES ('building', $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        report.builtAt,
        opts.embedder.id,
        dim,
        JSON.stringify({ version: SPLITTER_VERSION, ...opts.split }),
        ctx.lexical,
        corpus.articles.length,
        passages.length,
        JSON.stringify(fileList),
      ],
    );
    building = created[0]!.id;
    const t = tablesOf(building);
    await ctx.pool.query(
      `CREATE TABLE ${t.articles} (id text PRIMARY KEY, ord integer NOT NULL, hash text NOT NULL, meta jsonb NOT NULL);
       CREATE TABLE ${t.passages} (
         id text PRIMARY KEY, ord integer NOT NULL, article_id text NOT NULL, title text NOT NULL, body text NOT NULL,
         start_at integer NOT NULL, end_at integer NOT NULL, hash text NOT NULL, date text, searchable text NOT NULL,
         embedding vector(${dim}) NOT NULL
         ${ctx.lexical === "ts_rank_cd" ? ", tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', searchable)) STORED" : ""}
       );
       CREATE TABLE ${t.terms} (term text PRIMARY KEY, df integer NOT NULL);`,
    );
    await insertColumns(
      ctx.pool,
      `INSERT INTO ${t.articles} (id, ord, hash, meta) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[])`,
      [corpus.articles.map((a) => a.id), corpus.articles.map((_, i) => i), hashes, corpus.articles.map((a) => JSON.stringify(metaOf(a)))],
    );
    await insertColumns(
      ctx.pool,
      `INSERT INTO ${t.passages} (id, ord, article_id, title, body, start_at, end_at, hash, date, searchable, embedding)
       SELECT id, ord, article_id, title, body, start_at, end_at, hash, date, searchable, embedding::vector
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS u(id, ord, article_id, title, body, start_at, end_at, hash, date, searchable, embedding)`,
      [
        passages.map((p) => p.id),
        passages.map((_, i) => i),
        passages.map((p) => p.articleId),
        passages.map((p) => p.title),
        passages.map((p) => p.text),
        passages.map((p) => p.start),
        passages.map((p) => p.end),
        passages.map((p) => p.hash),
        passages.map((p) => p.date ?? null),
        terms.map((t) => t.join(" ")),
        passages.map((_, i) => vectorLiteral(vectors.subarray(i * dim, (i + 1) * dim))),
      ],
    );
    // Document frequencies as the answerer counts them.
    const df = new Map<string, number>();
    for (const own of terms) for (const term of new Set(own)) df.set(term, (df.get(term) ?? 0) + 1);
    await insertColumns(ctx.pool, `INSERT INTO ${t.terms} (term, df) SELECT * FROM unnest($1::text[], $2::int[])`, [
      [...df.keys()],
      [...df.values()],
    ]);
    await ctx.pool.query(`CREATE INDEX ON ${t.passages} (article_id)`);
    await ctx.pool.query(`CREATE INDEX ON ${t.passages} USING hnsw (embedding vector_cosine_ops)`);
    if (ctx.lexical === "bm25") {
      await ctx.pool.query(
        `CREATE INDEX ${t.bm25} ON ${t.passages} USING bm25 (searchable) WITH (text_config = 'simple', k1 = ${Number(ctx.bm25.k1)}, b = ${Number(ctx.bm25.b)})`,
      );
    } else {
      await ctx.pool.query(`CREATE INDEX ON ${t.passages} USING gin (tsv)`);
    }
    await ctx.pool.query(`ANALYZE ${t.passages}`);

    const { rows: made } = await ctx.pool.query<GenerationRow>("SELECT * FROM footnote_generations WHERE id = $1", [building]);
    const view = await PostgresIndexView.open(ctx.pool, made[0]!);
    await opts.verify?.(view);
    await switchLive(ctx.pool, building);
    const kept = building;
    building = undefined;
    opts.onProgress?.({ phase: "write", done: 1, total: 1 });
    return { report: finish(report, started), view: kept === view.row.id ? view : undefined };
  } finally {
    // A build that failed (or was refused by the check) leaves nothing behind.
    if (building) await dropGeneration(ctx.pool, building).catch(() => undefined);
    await lock.query("SELECT pg_advisory_unlock($1)", [LOCKS.build]).catch(() => undefined);
    lock.release();
  }
}

/** Makes a generation live in one transaction: readers see the old one or the new one, never neither. */
async function switchLive(pool: pg.Pool, id: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("UPDATE footnote_generations SET state = 'retired' WHERE state = 'live'");
    await client.query("UPDATE footnote_generations SET state = 'live' WHERE id = $1", [id]);
    await client.query(
      `INSERT INTO footnote_live (only_row, generation) VALUES (true, $1)
       ON CONFLICT (only_row) DO UPDATE SET generation = EXCLUDED.generation`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
