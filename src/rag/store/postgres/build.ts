import type pg from "pg";
import { analyse } from "../../analysis.js";
import { RagError } from "../../errors.js";
import { SPLITTER_VERSION } from "../../split.js";
import type { Article, IndexReport } from "../../types.js";
import { finish, handedOver, metaOf, vectorsAtHand } from "../build-steps.js";
import { noPause, type Pause } from "../../pace.js";
import { type BuildPlan, type PlannedArticle, type PlannedPassage, passagesOf, planBuild } from "../plan.js";
import { type Db, poolDb, transactionDb } from "./db.js";
import type { IndexView, LexicalOptions, StoreBuildOptions } from "../store.js";
import { type GenerationTables, type LexicalRanking, lexicalNotice, type PgNames } from "./schema.js";
import { drainEmbedQueue } from "./embed-queue.js";
import { type GenerationRow, located, PostgresIndexView, pendingOf, vectorLiteral } from "./view.js";

export interface PostgresBuildContext {
  pool: pg.Pool;
  names: PgNames;
  lexical: LexicalRanking;
  bm25: LexicalOptions;
  lockWaitMs: number;
  live: () => Promise<GenerationRow | undefined>;
  /** The server runs every connection in one session (PGlite): the pool has one connection. */
  oneSession: boolean;
  /** How long a claim on a batch of passages to embed lasts. */
  embedLeaseMs: number;
}

const ROWS_PER_INSERT = 500;
const LOCK_RETRY_MS = 250;

/**
 * Holds the build lock on a connection of its own: a killed process's lock ends with its
 * connection. With a one-session server the lock is taken through the pool's one connection
 * (holding it would leave the build none), and cannot exclude anyone: such a server is a test's.
 */
export async function takeBuildLock(
  pool: pg.Pool,
  lockKey: number,
  waitMs: number,
  oneSession: boolean,
): Promise<Pick<pg.PoolClient, "query" | "release">> {
  const client = oneSession ? { query: pool.query.bind(pool), release: () => undefined } : await pool.connect();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { rows } = await client.query("SELECT pg_try_advisory_lock($1) AS ok", [lockKey]);
    if (rows[0].ok) return client;
    if (Date.now() >= deadline) {
      client.release();
      throw new RagError("INDEX_LOCKED", "Another index run is in progress on the database; try again when it finishes.");
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

/** Drops a generation's tables and its row. */
async function dropGeneration(pool: pg.Pool, names: PgNames, id: string): Promise<void> {
  const t = names.tables(id);
  await pool.query(`DROP TABLE IF EXISTS ${t.passages}, ${t.articles}, ${t.terms}`);
  await pool.query(`DELETE FROM ${names.generations} WHERE id = $1`, [id]);
}

/**
 * Removes what earlier builds left: generations still "building" (their process died; we hold the
 * lock, so none is running) and retired ones but the newest, which readers may still be finishing
 * a query on.
 */
async function removeLeftovers(pool: pg.Pool, names: PgNames): Promise<void> {
  const { rows } = await pool.query<{ id: string; state: string }>(
    `SELECT id, state FROM ${names.generations} WHERE state = 'building'
     OR (state = 'retired' AND id < (SELECT coalesce(max(id), 0) FROM ${names.generations} WHERE state = 'retired'))`,
  );
  for (const row of rows) await dropGeneration(pool, names, row.id);
}

/** Inserts rows in batches, each one statement of parallel arrays (unnest), so 100k rows take 200 round trips. */
async function insertColumns(db: Db, sql: string, columns: unknown[][]): Promise<void> {
  const n = columns[0]?.length ?? 0;
  for (let i = 0; i < n; i += ROWS_PER_INSERT) {
    await db.query(
      sql,
      columns.map((c) => c.slice(i, i + ROWS_PER_INSERT)),
    );
  }
}

type DatedPassage = PlannedPassage & { date?: string };

/** An article's passages, hashed for the embedding cache and dated for scoped search. */
const datedPassagesOf = (article: Article, opts: StoreBuildOptions): DatedPassage[] =>
  passagesOf(article, opts.split).map((p) => ({ ...p, date: article.date?.slice(0, 10) }));

/** Every article's passages, split in slices beside other work (see pace.ts). */
async function passagesOfAll(articles: { article: Article }[], opts: StoreBuildOptions): Promise<DatedPassage[]> {
  const pause = opts.pause ?? noPause;
  const out: DatedPassage[] = [];
  for (const { article } of articles) {
    out.push(...datedPassagesOf(article, opts));
    await pause();
  }
  return out;
}

/** The corpus files as the generation row keeps them: [file, size, mtime]. */
const fileListOf = (plan: BuildPlan) => JSON.stringify([...plan.files].map(([file, f]) => [file, f.size, f.mtimeMs]));

/** Embeddings of the live generation for the given passages' text hashes. */
async function cachedEmbeddings(db: Db, live: GenerationRow, passages: DatedPassage[]): Promise<Map<string, number[]>> {
  const cache = new Map<string, number[]>();
  const { rows } = await db.query<{ hash: string; embedding: string }>(
    `SELECT DISTINCT ON (hash) hash, embedding::text AS embedding FROM ${live.tables.passages}
     WHERE hash = ANY($1::text[]) AND embedding IS NOT NULL`,
    [[...new Set(passages.map((p) => p.hash))]],
  );
  for (const r of rows) cache.set(r.hash, JSON.parse(r.embedding) as number[]);
  return cache;
}

/** Inserts articles and their passages (with vectors and our own terms) into a generation's tables. */
async function insertArticles(
  db: Db,
  table: GenerationTables,
  articles: { article: Article; hash: string; ord: number }[],
  passages: DatedPassage[],
  firstPassageOrd: number,
  vectors: Float32Array,
  dim: number,
  terms: string[][],
  pause: Pause = noPause,
): Promise<void> {
  // A passage still to embed (NaN) is stored without its vector, for the embed queue. Written out
  // as text in slices: 2,000 vectors of 512 numbers at once held the event loop for a good while.
  const embeddings: (string | null)[] = [];
  for (let i = 0; i < passages.length; i++) {
    embeddings.push(Number.isNaN(vectors[i * dim]) ? null : vectorLiteral(vectors.subarray(i * dim, (i + 1) * dim)));
    await pause();
  }
  await insertColumns(
    db,
    `INSERT INTO ${table.articles} (id, ord, hash, meta) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[])`,
    [
      articles.map((a) => a.article.id),
      articles.map((a) => a.ord),
      articles.map((a) => a.hash),
      articles.map((a) => JSON.stringify(metaOf(a.article))),
    ],
  );
  await insertColumns(
    db,
    `INSERT INTO ${table.passages} (id, ord, article_id, title, body, start_at, end_at, hash, date, searchable, embedding)
     SELECT id, ord, article_id, title, body, start_at, end_at, hash, date, searchable, embedding::vector
     FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[])
       AS u(id, ord, article_id, title, body, start_at, end_at, hash, date, searchable, embedding)`,
    [
      passages.map((p) => p.id),
      passages.map((_, i) => firstPassageOrd + i),
      passages.map((p) => p.articleId),
      passages.map((p) => p.title),
      passages.map((p) => p.text),
      passages.map((p) => p.start),
      passages.map((p) => p.end),
      passages.map((p) => p.hash),
      passages.map((p) => p.date ?? null),
      terms.map((t) => t.join(" ")),
      embeddings,
    ],
  );
}

/** Adds `delta` to each term's document frequency; terms no passage has any more are removed. */
async function adjustFrequencies(db: Db, table: GenerationTables, delta: Map<string, number>): Promise<void> {
  const changed = [...delta].filter(([, d]) => d !== 0);
  await insertColumns(
    db,
    `INSERT INTO ${table.terms} AS t (term, df) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (term) DO UPDATE SET df = t.df + EXCLUDED.df`,
    [changed.map(([term]) => term), changed.map(([, d]) => d)],
  );
  await db.query(`DELETE FROM ${table.terms} WHERE df <= 0`);
}

/** Our own terms of each passage (title and text, stop words out, Porter stems), in slices beside other work. */
async function termsOfPassages(passages: DatedPassage[], pause: Pause = noPause): Promise<string[][]> {
  const out: string[][] = [];
  for (const p of passages) {
    out.push(analyse(`${p.title}\n${p.text}`));
    await pause();
  }
  return out;
}

/**
 * Changes the live generation in one transaction: the changed and removed articles' rows go, the
 * changed and added ones' come in, frequencies and counts follow. Readers see the old articles or
 * the new ones, never half. The result is checked, as it will be served, before it is committed.
 */
async function updateInPlace(
  ctx: PostgresBuildContext,
  opts: StoreBuildOptions,
  live: GenerationRow,
  plan: BuildPlan,
): Promise<PostgresIndexView> {
  const { report } = plan;
  const t = live.tables;
  const gone = [...report.changed, ...report.removed];
  const incoming = plan.articles.filter((a: PlannedArticle) => a.status === "added" || a.status === "changed");
  const passages = await passagesOfAll(incoming, opts);
  // A generation from before the embed queue holds a vector for every passage: it embeds first.
  const cache = await cachedEmbeddings(poolDb(ctx.pool), live, passages);
  const vectors = await vectorsAtHand(passages, cache, opts, report, !!opts.lexicalFirst && live.embed_queue);
  const terms = await termsOfPassages(passages, opts.pause);
  opts.onProgress?.({ phase: "write", done: 0, total: 1 });

  const client = await ctx.pool.connect();
  try {
    await client.query("BEGIN");
    const db = transactionDb(client);
    // A changed article keeps its place in the listing; an added one comes last.
    const kept = await db.query<{ id: string; ord: number }>(`SELECT id, ord FROM ${t.articles} WHERE id = ANY($1::text[])`, [
      report.changed,
    ]);
    const ords = new Map(kept.rows.map((r) => [r.id, r.ord]));
    const removed = await db.query<{ searchable: string }>(
      `DELETE FROM ${t.passages} WHERE article_id = ANY($1::text[]) RETURNING searchable`,
      [gone],
    );
    await db.query(`DELETE FROM ${t.articles} WHERE id = ANY($1::text[])`, [gone]);
    const next = await db.query<{ article: number; passage: number }>(
      `SELECT (SELECT coalesce(max(ord), -1) + 1 FROM ${t.articles}) AS article, (SELECT coalesce(max(ord), -1) + 1 FROM ${t.passages}) AS passage`,
    );
    let nextOrd = Number(next.rows[0]!.article);
    const placed = incoming.map((a) => ({ ...a, ord: ords.get(a.article.id) ?? nextOrd++ }));
    await insertArticles(db, t, placed, passages, Number(next.rows[0]!.passage), vectors, opts.embedder.dimension, terms, opts.pause);
    const delta = new Map<string, number>();
    for (const row of removed.rows)
      for (const term of new Set(row.searchable.split(" ").filter(Boolean))) delta.set(term, (delta.get(term) ?? 0) - 1);
    for (const own of terms) for (const term of new Set(own)) delta.set(term, (delta.get(term) ?? 0) + 1);
    await adjustFrequencies(db, t, delta);
    const counted = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.passages}`);
    report.passages = Number(counted.rows[0]!.n);
    const updated = await db.query<Omit<GenerationRow, "tables">>(
      `UPDATE ${ctx.names.generations} SET revision = revision + 1, built_at = $2, articles = $3, passages = $4, files = $5
       WHERE id = $1 RETURNING *`,
      [live.id, report.builtAt, plan.articles.length, report.passages, fileListOf(plan)],
    );
    const row = located(updated.rows[0]!, ctx.names);
    await opts.verify?.(await PostgresIndexView.open(db, row));
    await client.query("COMMIT");
    opts.onProgress?.({ phase: "write", done: 1, total: 1 });
    return PostgresIndexView.open(poolDb(ctx.pool), row);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Builds a new generation from the corpus, reusing the live generation's embeddings by text hash,
 * checks it, and makes it live in one transaction. Readers keep the old generation until then.
 */
async function newGeneration(
  ctx: PostgresBuildContext,
  opts: StoreBuildOptions,
  live: GenerationRow | undefined,
  plan: BuildPlan,
  started: (id: string) => void,
): Promise<PostgresIndexView> {
  const { report } = plan;
  const passages = await passagesOfAll(plan.articles, opts);
  report.passages = passages.length;
  const cache = live && plan.reuseEmbeddings ? await cachedEmbeddings(poolDb(ctx.pool), live, passages) : new Map<string, number[]>();
  const vectors = await vectorsAtHand(passages, cache, opts, report);
  opts.onProgress?.({ phase: "write", done: 0, total: 1 });
  const dim = opts.embedder.dimension;
  const terms = await termsOfPassages(passages, opts.pause);
  const { rows: created } = await ctx.pool.query<{ id: string }>(
    `INSERT INTO ${ctx.names.generations} (state, built_at, embedder_id, dimension, splitter, lexical, articles, passages, files, embed_queue)
     VALUES ('building', $1, $2, $3, $4, $5, $6, $7, $8, true) RETURNING id`,
    [
      report.builtAt,
      opts.embedder.id,
      dim,
      JSON.stringify({ version: SPLITTER_VERSION, ...opts.split }),
      ctx.lexical,
      plan.articles.length,
      passages.length,
      fileListOf(plan),
    ],
  );
  const id = created[0]!.id;
  started(id);
  const t = ctx.names.tables(id);
  await ctx.pool.query(
    `CREATE TABLE ${t.articles} (id text PRIMARY KEY, ord integer NOT NULL, hash text NOT NULL, meta jsonb NOT NULL);
     CREATE TABLE ${t.passages} (
       id text PRIMARY KEY, ord integer NOT NULL, article_id text NOT NULL, title text NOT NULL, body text NOT NULL,
       start_at integer NOT NULL, end_at integer NOT NULL, hash text NOT NULL, date text, searchable text NOT NULL,
       embedding vector(${dim}), claimed_until timestamptz
       ${ctx.lexical === "ts_rank_cd" ? ", tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', searchable)) STORED" : ""}
     );
     CREATE TABLE ${t.terms} (term text PRIMARY KEY, df integer NOT NULL);`,
  );
  const db = poolDb(ctx.pool);
  const articles = plan.articles.map(({ article, hash }, i) => ({ article, hash, ord: i }));
  await insertArticles(db, t, articles, passages, 0, vectors, dim, terms, opts.pause);
  const df = new Map<string, number>();
  for (const own of terms) for (const term of new Set(own)) df.set(term, (df.get(term) ?? 0) + 1);
  await adjustFrequencies(db, t, df);
  await ctx.pool.query(`CREATE INDEX ON ${t.passages} (article_id)`);
  // The embed queue: what is still to embed, in order, found without a scan.
  await ctx.pool.query(`CREATE INDEX ON ${t.passages} (ord) WHERE embedding IS NULL`);
  await ctx.pool.query(`CREATE INDEX ON ${t.passages} USING hnsw (embedding vector_cosine_ops)`);
  if (ctx.lexical === "bm25") {
    // Our own terms, so the server's 'simple' configuration only splits them on spaces.
    await ctx.pool.query(
      `CREATE INDEX ${t.bm25} ON ${t.passages} USING bm25 (searchable) WITH (text_config = 'simple', k1 = ${Number(ctx.bm25.k1)}, b = ${Number(ctx.bm25.b)})`,
    );
  } else {
    await ctx.pool.query(`CREATE INDEX ON ${t.passages} USING gin (tsv)`);
  }
  await ctx.pool.query(`ANALYZE ${t.passages}`);
  const { rows: made } = await ctx.pool.query<Omit<GenerationRow, "tables">>(`SELECT * FROM ${ctx.names.generations} WHERE id = $1`, [id]);
  const view = await PostgresIndexView.open(db, located(made[0]!, ctx.names));
  await opts.verify?.(view);
  await switchLive(ctx.pool, ctx.names, id);
  opts.onProgress?.({ phase: "write", done: 1, total: 1 });
  return view;
}
/**
 * Builds or updates the index. A lexical-first build goes live with the passages' words (and the
 * vectors earlier builds give), releases the build lock, then embeds the rest through the embed
 * queue, with any embed workers running; a kill leaves the live generation serving and the next
 * run (or a worker) embeds what is still waiting.
 */
export async function buildGeneration(
  ctx: PostgresBuildContext,
  opts: StoreBuildOptions,
): Promise<{ report: IndexReport; view?: IndexView }> {
  const started = performance.now();
  const { report, view } = await buildLocked(ctx, opts, started);
  if (opts.lexicalFirst && view && view.info.embedded < view.info.passages) await embedTheRest(ctx, opts, report, view);
  return { report: finish(report, started), view };
}

/** A lexical-first build's second half: embeds the waiting passages through the queue, reporting progress. */
async function embedTheRest(ctx: PostgresBuildContext, opts: StoreBuildOptions, report: IndexReport, view: PostgresIndexView) {
  try {
    const done = await drainEmbedQueue(ctx.pool, ctx.live, opts.embedder, {
      leaseMs: ctx.embedLeaseMs,
      signal: opts.signal,
      onProgress: ({ pending, atStart }) => {
        view.noteEmbedded(view.info.passages - pending);
        opts.onProgress?.({ phase: "embed", done: Math.max(0, atStart - pending), total: atStart });
      },
    });
    report.embedded += done.embedded;
    report.embedSeconds += done.embedSeconds;
    if (opts.signal?.aborted) {
      const pending = await pendingOf(ctx.pool, view.row);
      if (pending > 0) report.embedding = handedOver(pending);
    }
  } catch (error) {
    // The articles are live and searchable by their words; what lacks a vector waits for the next run or a worker.
    const message = (error as Error).message.split("\n")[0] ?? "unknown error";
    const pending = await pendingOf(ctx.pool, view.row).catch(() => view.info.passages - view.info.embedded);
    report.embedding = { pending, error: message };
    opts.log.warn({ pending }, `embedding stopped: ${message}; the next index run (or npm run embed-worker) resumes it`);
  }
}

async function buildLocked(
  ctx: PostgresBuildContext,
  opts: StoreBuildOptions,
  started: number,
): Promise<{ report: IndexReport; view?: PostgresIndexView }> {
  const lock = await takeBuildLock(ctx.pool, ctx.names.locks.build, ctx.lockWaitMs, ctx.oneSession);
  let building: string | undefined;
  try {
    await removeLeftovers(ctx.pool, ctx.names);
    opts.log.info(lexicalNotice(ctx.lexical));
    const live = await ctx.live();
    const known = new Map<string, string>();
    if (live) {
      const { rows } = await ctx.pool.query<{ id: string; hash: string }>(`SELECT id, hash FROM ${live.tables.articles}`);
      for (const r of rows) known.set(r.id, r.hash);
    }
    const summary = live && { articles: known, embedder: { id: live.embedder_id, dimension: live.dimension }, splitter: live.splitter };
    const plan = await planBuild(opts, summary);
    if (plan.why) opts.log.info(`full build: ${plan.why}`);
    const { report } = plan;
    if (live && plan.nothingChanged) {
      // The articles are as they were: only the files' times moved. Remember them, keep the generation.
      await ctx.pool.query(`UPDATE ${ctx.names.generations} SET files = $2 WHERE id = $1`, [live.id, fileListOf(plan)]);
      report.builtAt = live.built_at;
      report.passages = live.passages;
      // A killed run's passages still waiting for their vectors: this run embeds them.
      const waiting = !!opts.lexicalFirst && (await pendingOf(ctx.pool, live)) > 0;
      report.rebuilt = waiting;
      return { report: finish(report, started), view: waiting ? await PostgresIndexView.open(poolDb(ctx.pool), live) : undefined };
    }

    // Embeddings come first here: the new articles are searchable when the build commits.
    const view =
      live && !plan.full && live.lexical === ctx.lexical
        ? await updateInPlace(ctx, opts, live, plan)
        : await newGeneration(ctx, opts, live, plan, (id) => {
            building = id;
          });
    building = undefined;
    opts.onLive?.(view);
    opts.onSearchable?.(finish(report, started));
    return { report, view };
  } finally {
    // A build that failed (or was refused by the check) leaves nothing behind.
    if (building) await dropGeneration(ctx.pool, ctx.names, building).catch(() => undefined);
    await lock.query("SELECT pg_advisory_unlock($1)", [ctx.names.locks.build]).catch(() => undefined);
    lock.release();
  }
}

/** Makes a generation live in one transaction: readers see the old one or the new one, never neither. */
async function switchLive(pool: pg.Pool, names: PgNames, id: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`UPDATE ${names.generations} SET state = 'retired' WHERE state = 'live'`);
    await client.query(`UPDATE ${names.generations} SET state = 'live' WHERE id = $1`, [id]);
    await client.query(
      `INSERT INTO ${names.live} (only_row, generation) VALUES (true, $1)
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
