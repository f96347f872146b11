import type pg from "pg";
import { RagError } from "../../errors.js";
import type { Logger } from "../../logger.js";

/**
 * The database's shape, created or migrated at start-up: idempotent, versioned, one process at a
 * time. Each generation of the index (a full build) has tables of its own, named by its number,
 * so its vector column has the embedder's dimension (an HNSW index needs a fixed one) and a full
 * rebuild never disturbs the generation being served.
 */

/** The prefix of every table when INDEX_TABLE_PREFIX is not set: the names Footnote always used. */
export const DEFAULT_PREFIX = "footnote";

/** A generation's tables. */
export interface GenerationTables {
  articles: string;
  passages: string;
  terms: string;
  bm25: string;
}

/**
 * The names one index uses in its database: its tables all start with one prefix, so a database
 * can hold several indexes side by side (one per community, or a test's beside production).
 * Names come from a validated prefix and database numbers, never from other input.
 */
export interface PgNames {
  schemaVersion: string;
  generations: string;
  live: string;
  /** Advisory lock keys (one for migrations, one for builds), distinct per prefix. */
  locks: { migrate: number; build: number };
  /** Tables of one generation; the number comes from the database. */
  tables(generation: number | string): GenerationTables;
}

/** A prefix that is safe as the start of an unquoted SQL name. */
const TABLE_PREFIX = /^[a-z][a-z0-9_]{0,39}$/;

/** 32-bit FNV-1a: a stable number per prefix, to keep two indexes' advisory locks apart. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

export function pgNames(prefix: string = DEFAULT_PREFIX): PgNames {
  if (!TABLE_PREFIX.test(prefix)) throw new Error(`not a table prefix: ${prefix}`);
  // The default keeps the lock numbers Footnote always used, so processes of an older version still exclude.
  const base = prefix === DEFAULT_PREFIX ? 4_711_000 : 5_000_000_000 + fnv1a(prefix) * 4;
  return {
    schemaVersion: `${prefix}_schema`,
    generations: `${prefix}_generations`,
    live: `${prefix}_live`,
    locks: { migrate: base + 1, build: base + 2 },
    tables(generation) {
      const n = String(generation);
      if (!/^\d+$/.test(n)) throw new Error(`not a generation number: ${n}`);
      return {
        articles: `${prefix}_g${n}_articles`,
        passages: `${prefix}_g${n}_passages`,
        terms: `${prefix}_g${n}_terms`,
        bm25: `${prefix}_g${n}_bm25`,
      };
    },
  };
}

/** The schema's versions, in order: bump with a new entry. */
const migrations = (n: PgNames): string[] => [
  `CREATE TABLE ${n.generations} (
     id bigserial PRIMARY KEY,
     state text NOT NULL CHECK (state IN ('building', 'live', 'retired')),
     revision integer NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now(),
     built_at text NOT NULL,
     embedder_id text NOT NULL,
     dimension integer NOT NULL,
     splitter jsonb NOT NULL,
     lexical text NOT NULL,
     articles integer NOT NULL DEFAULT 0,
     passages integer NOT NULL DEFAULT 0,
     files jsonb NOT NULL DEFAULT '[]'::jsonb
   );
   CREATE TABLE ${n.live} (
     only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
     generation bigint NOT NULL REFERENCES ${n.generations} (id)
   );`,
  // Generations built from here on may store passages before their vectors (lexical first): their
  // passages tables allow a NULL embedding and carry the embed workers' claims.
  `ALTER TABLE ${n.generations} ADD COLUMN embed_queue boolean NOT NULL DEFAULT false;`,
];

/** How lexical search ranks on this server. */
export type LexicalRanking = "bm25" | "ts_rank_cd";

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "28P01", "28000", "3D000"]);

/** A failure to reach or log in to the database, said with what to do. */
export function unreachable(error: unknown, where: string): RagError {
  const code = (error as { code?: string }).code ?? "";
  const why: Record<string, string> = {
    ECONNREFUSED: "nothing is listening there: is PostgreSQL running?",
    ENOTFOUND: "the host name does not resolve",
    ETIMEDOUT: "the connection timed out",
    EHOSTUNREACH: "the host is unreachable",
    ECONNRESET: "the server closed the connection",
    "28P01": "the password was refused",
    "28000": "the user may not log in",
    "3D000": "the database does not exist: create it (createdb) or fix DATABASE_URL",
  };
  return new RagError(
    "STORE_UNAVAILABLE",
    `Cannot use the PostgreSQL database at ${where}: ${why[code] ?? (error as Error).message} (INDEX_STORE=postgres; check DATABASE_URL).`,
    { cause: error },
  );
}

export const isConnectionError = (error: unknown) => CONNECTION_CODES.has((error as { code?: string }).code ?? "");

/**
 * Checks the server (version, extensions) and brings the schema up to date. Returns how lexical
 * search ranks: BM25 with pg_textsearch (PostgreSQL 17+), else ts_rank_cd over a GIN index.
 */
export async function prepareDatabase(pool: pg.Pool, where: string, log: Logger, names: PgNames): Promise<{ lexical: LexicalRanking }> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw unreachable(error, where);
  }
  try {
    const version = Number((await client.query("SHOW server_version_num")).rows[0].server_version_num);
    if (version < 130000) {
      throw new RagError(
        "STORE_UNAVAILABLE",
        `PostgreSQL 13 or newer is needed for pgvector's HNSW index (the server at ${where} is ${Math.floor(version / 10000)}).`,
      );
    }
    try {
      await client.query("CREATE EXTENSION IF NOT EXISTS vector");
    } catch (error) {
      throw new RagError(
        "STORE_UNAVAILABLE",
        `The pgvector extension is not available on the server at ${where} (${(error as Error).message}): install pgvector 0.5 or newer (the pgvector/pgvector Docker image has it) or ask the database's owner to run CREATE EXTENSION vector.`,
        { cause: error },
      );
    }
    let lexical: LexicalRanking = "ts_rank_cd";
    if (version >= 170000) {
      try {
        await client.query("CREATE EXTENSION IF NOT EXISTS pg_textsearch");
        lexical = "bm25";
      } catch {
        // Not installed: full-text search still ranks, with ts_rank_cd.
      }
    }
    // Said at every build (info), and here only in detail: a command line need not repeat it.
    log.debug(lexicalNotice(lexical));
    await migrate(client, names);
    return { lexical };
  } finally {
    client.release();
  }
}

/** Which lexical ranking the server gives, for the log. */
export const lexicalNotice = (lexical: LexicalRanking) =>
  lexical === "bm25"
    ? "postgres store: lexical search ranks with BM25 (pg_textsearch)"
    : "postgres store: pg_textsearch is not available (it needs PostgreSQL 17+); lexical search ranks with ts_rank_cd over a GIN index";

/** Applies the migrations not yet applied, in order, each in its transaction, under a lock. */
async function migrate(client: pg.PoolClient, names: PgNames): Promise<void> {
  const all = migrations(names);
  await client.query("SELECT pg_advisory_lock($1)", [names.locks.migrate]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${names.schemaVersion} (version integer NOT NULL)`);
    const rows = (await client.query(`SELECT version FROM ${names.schemaVersion}`)).rows;
    let version = rows.length ? Number(rows[0].version) : 0;
    if (!rows.length) await client.query(`INSERT INTO ${names.schemaVersion} (version) VALUES (0)`);
    if (version > all.length) {
      throw new RagError(
        "STORE_UNAVAILABLE",
        `The database's Footnote schema is version ${version}, newer than this Footnote knows (${all.length}): upgrade Footnote.`,
      );
    }
    for (; version < all.length; version++) {
      await client.query("BEGIN");
      try {
        await client.query(all[version]!);
        await client.query(`UPDATE ${names.schemaVersion} SET version = $1`, [version + 1]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [names.locks.migrate]);
  }
}
