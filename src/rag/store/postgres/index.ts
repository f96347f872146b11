import type { Embedder } from "../../embeddings/index.js";
import { RagError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { IndexStore, IndexView, LexicalOptions, StoreBuildOptions } from "../store.js";
import { buildGeneration } from "./build.js";
import { poolDb } from "./db.js";
import { drainEmbedQueue } from "./embed-queue.js";
import { borrowPool } from "./pools.js";
import { DEFAULT_PREFIX, isConnectionError, pgNames, prepareDatabase, unreachable } from "./schema.js";
import { type GenerationRow, located, PostgresIndexView } from "./view.js";

export interface PostgresStoreOptions {
  url: string;
  lockWaitMs: number;
  bm25: LexicalOptions;
  log: Logger;
  /** Connections in the process's pool for this database, when this store is its first (default 8). */
  connections?: number;
  /** How long a process trusts its view before asking the database whether another process reindexed (default 1 s). */
  checkEveryMs?: number;
  /** How long an embed worker's claim on a batch lasts (default 60 s). */
  embedLeaseMs?: number;
  /** What every table's name starts with (default "footnote"): several indexes can share a database. */
  tablePrefix?: string;
}

/** host:port/database, never the user or password, for messages. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

/**
 * The Postgres store: passages, vectors (pgvector HNSW) and the lexical index (pg_textsearch BM25,
 * or ts_rank_cd) in one database that any number of processes share. Each process holds only the
 * article records and term frequencies of the live generation.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<IndexStore & { close(): Promise<void> }> {
  const where = describe(options.url);
  const names = pgNames(options.tablePrefix);
  // Every store on this database in this process (a bot's server libraries) shares one pool.
  const borrowed = await borrowPool(options.url, options.connections ?? 8, options.log).catch((error) => {
    throw unreachable(error, where);
  });
  const { pool, oneSession } = borrowed;
  const { lexical } = await prepareDatabase(pool, where, options.log, names).catch(async (error) => {
    await borrowed.release().catch(() => undefined);
    throw error;
  });
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const embedLeaseMs = options.embedLeaseMs ?? 60_000;
  let checked: { at: number; generation?: string } = { at: 0 };

  async function liveRow(): Promise<GenerationRow | undefined> {
    try {
      const { rows } = await pool.query<Omit<GenerationRow, "tables">>(
        `SELECT g.* FROM ${names.live} l JOIN ${names.generations} g ON g.id = l.generation`,
      );
      return rows[0] && located(rows[0], names);
    } catch (error) {
      throw isConnectionError(error) ? unreachable(error, where) : error;
    }
  }

  return {
    kind: "postgres",
    async liveEmbedder() {
      return (await liveRow())?.embedder_id;
    },

    async open(embedder: Embedder, current?: IndexView) {
      const row = await liveRow();
      if (!row) throw new RagError("INDEX_MISSING", `No index in the database at ${where} yet. Run \`npm run index\` to build one.`);
      if (row.embedder_id !== embedder.id) {
        throw new RagError("INDEX_CORRUPT", `The index was built with ${row.embedder_id}, but the embedder now is ${embedder.id}`);
      }
      const generation = `${row.id}.${row.revision}`;
      checked = { at: Date.now(), generation };
      if (current && current.info.generation === generation) return current;
      return PostgresIndexView.open(poolDb(pool), row);
    },

    build(opts: StoreBuildOptions) {
      return buildGeneration(
        { pool, names, lexical, bm25: options.bm25, lockWaitMs: options.lockWaitMs, live: liveRow, oneSession, embedLeaseMs },
        opts,
      );
    },

    embedQueued(embedder, queueOptions) {
      return drainEmbedQueue(pool, liveRow, embedder, { leaseMs: embedLeaseMs, ...queueOptions });
    },

    async isCurrent(view: IndexView) {
      if (Date.now() - checked.at < checkEveryMs && checked.generation === view.info.generation) return true;
      // Only the generation and its revision: the row's file list can be large.
      const { rows } = await pool.query<{ generation: string }>(
        `SELECT g.id || '.' || g.revision AS generation FROM ${names.live} l JOIN ${names.generations} g ON g.id = l.generation`,
      );
      checked = { at: Date.now(), generation: rows[0]?.generation };
      if (checked.generation !== view.info.generation) return false;
      // Still the live generation: vectors may have arrived for passages that waited for them.
      if (view instanceof PostgresIndexView) await view.refreshEmbedded();
      return true;
    },

    async destroy() {
      // This index's tables only, by their exact shapes: another index's (a longer prefix, the question log) never match.
      const prefix = options.tablePrefix ?? DEFAULT_PREFIX;
      const own = new RegExp(`^${prefix}_(schema|generations|live|g\\d+_(articles|passages|terms|bm25))$`);
      const { rows } = await pool.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE tablename LIKE $1", [
        `${prefix.replace(/_/g, "\\_")}\\_%`,
      ]);
      for (const { name } of rows.filter((r) => own.test(r.name))) await pool.query(`DROP TABLE IF EXISTS ${name} CASCADE`);
    },

    close: () => borrowed.release(),
  };
}
