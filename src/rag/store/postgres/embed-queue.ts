import type pg from "pg";
import type { Embedder } from "../../embeddings/index.js";
import { RagError } from "../../errors.js";
import { embeddingText } from "../build-steps.js";
import type { EmbedQueueOptions, EmbedQueueResult } from "../store.js";
import { type GenerationRow, pendingOf, vectorLiteral } from "./view.js";

/**
 * The embedding queue of the Postgres store. A lexical-first build stores passages without their
 * vectors (searchable by their words at once); then any number of processes, the build itself and
 * `npm run embed-worker` on this machine or others, claim batches of them, embed them and write
 * the vectors back, where dense search sees them at once.
 *
 * A claim is a lease (`claimed_until`), taken in one statement with FOR UPDATE SKIP LOCKED, so
 * claimers never wait on one another's rows nor take them, and no transaction stays open while a
 * batch is embedded (a slow model must not hold locks, and PGlite runs one transaction at a time).
 * A killed worker's batch is claimed again when its lease ends.
 */

const DEFAULT_BATCH = 64;
const DEFAULT_POLL_MS = 1000;
/** How often the exact count of passages still waiting is read (in between, our own writes are subtracted). */
const RECOUNT_MS = 2000;

const UNDEFINED_TABLE = "42P01";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

interface Claimed {
  id: string;
  title: string;
  body: string;
}

/** Claims up to `limit` passages nobody holds, for `leaseMs`. */
async function claim(pool: pg.Pool, table: string, limit: number, leaseMs: number): Promise<Claimed[]> {
  const { rows } = await pool.query<Claimed>(
    `UPDATE ${table} SET claimed_until = clock_timestamp() + make_interval(secs => $2)
     WHERE id IN (
       SELECT id FROM ${table}
       WHERE embedding IS NULL AND (claimed_until IS NULL OR claimed_until < clock_timestamp())
       ORDER BY ord LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, title, body`,
    [limit, leaseMs / 1000],
  );
  return rows;
}

/** Writes vectors back; a passage removed or embedded by someone else meanwhile is left as it is. */
async function store(pool: pg.Pool, table: string, ids: string[], vectors: number[][]): Promise<number> {
  const result = await pool.query(
    `UPDATE ${table} AS p SET embedding = u.e::vector, claimed_until = NULL
     FROM unnest($1::text[], $2::text[]) AS u(id, e) WHERE p.id = u.id AND p.embedding IS NULL`,
    [ids, vectors.map(vectorLiteral)],
  );
  return result.rowCount ?? 0;
}

/** Gives claims back (a worker stopping early), so others need not wait for their leases. */
async function release(pool: pg.Pool, table: string, ids: string[]): Promise<void> {
  await pool.query(`UPDATE ${table} SET claimed_until = NULL WHERE id = ANY($1::text[]) AND embedding IS NULL`, [ids]);
}

/**
 * Embeds the live generation's waiting passages until none is left (or, with `follow`, until
 * `signal` aborts), following the live generation when a reindex replaces it.
 */
export async function drainEmbedQueue(
  pool: pg.Pool,
  live: () => Promise<GenerationRow | undefined>,
  embedder: Embedder,
  options: EmbedQueueOptions = {},
): Promise<EmbedQueueResult> {
  const batch = options.batch ?? DEFAULT_BATCH;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const started = performance.now();
  let embedded = 0;
  let sinceAnalyze = 0;
  let embedMs = 0;
  let counted = { at: 0, pending: 0, generation: "" };
  let first: number | undefined;

  while (!options.signal?.aborted) {
    const row = await live();
    if (!row) {
      if (!options.follow) break;
      await sleep(pollMs, options.signal);
      continue;
    }
    if (row.embedder_id !== embedder.id) {
      throw new RagError(
        "INDEX_CORRUPT",
        `The live index is embedded with ${row.embedder_id}, but this process embeds with ${embedder.id}: set EMBEDDINGS=${row.embedder_id}.`,
      );
    }
    const table = row.tables.passages;
    try {
      const now = performance.now();
      if (counted.generation !== row.id || now - counted.at >= RECOUNT_MS) {
        counted = { at: now, pending: await pendingOf(pool, row), generation: row.id };
        first ??= counted.pending;
        options.onProgress?.({ embedded, pending: counted.pending, atStart: first });
      }
      if (counted.pending === 0) {
        if (sinceAnalyze > 0) {
          // The rows changed since the statistics were taken (at the build, before their vectors):
          // the planner needs new ones, and the updates left dead rows behind.
          await pool.query(`VACUUM ANALYZE ${table}`).catch(() => undefined);
          sinceAnalyze = 0;
        }
        if (!options.follow) break;
        await sleep(pollMs, options.signal);
        counted.at = 0;
        continue;
      }
      const claimed = await claim(pool, table, batch, leaseMs);
      if (!claimed.length) {
        // The rest is claimed by others: wait for them (or for a killed one's lease to end).
        await sleep(pollMs, options.signal);
        counted.at = 0;
        continue;
      }
      const embedStarted = performance.now();
      let vectors: number[][];
      try {
        vectors = await embedder.embeddings.embedDocuments(claimed.map((p) => embeddingText({ title: p.title, text: p.body })));
        if (vectors.length !== claimed.length || vectors.some((v) => v.length !== row.dimension)) {
          throw new RagError("EMBEDDINGS_UNAVAILABLE", `Embedder ${embedder.id} returned a vector of the wrong size`);
        }
      } catch (error) {
        await release(
          pool,
          table,
          claimed.map((p) => p.id),
        ).catch(() => undefined);
        throw error;
      }
      embedMs += performance.now() - embedStarted;
      const written = await store(
        pool,
        table,
        claimed.map((p) => p.id),
        vectors,
      );
      embedded += written;
      sinceAnalyze += written;
      counted.pending = Math.max(0, counted.pending - written);
      options.onProgress?.({ embedded, pending: counted.pending, atStart: first ?? counted.pending });
    } catch (error) {
      // A reindex replaced the generation and dropped its tables: go on with the new live one.
      if ((error as { code?: string }).code === UNDEFINED_TABLE) continue;
      throw error;
    }
  }
  return { embedded, seconds: (performance.now() - started) / 1000, embedSeconds: embedMs / 1000 };
}
