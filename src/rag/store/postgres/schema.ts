import type pg from "pg";
import { RagError } from "../../errors.js";
import type { Logger } from "../../logger.js";

/**
 * The database's shape, created or migrated at start-up: idempotent, versioned, one process at a
 * time. Each generation of the index (a full build) has tables of its own, named by its number,
 * so its vector column has the embedder's dimension (an HNSW index needs a fixed one) and a full
 * rebuild never disturbs the generation being served.
 */

/** Bump with a new entry in MIGRATIONS. */
const MIGRATIONS: string[] = [
  `CREATE TABLE footnote_generations (
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
   CREATE TABLE footnote_live (
     only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
     generation bigint NOT NULL REFERENCES footnote_generations (id)
   );`,
  // Generations built from here on may store passages before their vectors (lexical first): their
  // passages tables allow a NULL embedding and carry the embed workers' claims.
  "ALTER TABLE footnote_generations ADD COLUMN embed_queue boolean NOT NULL DEFAULT false;",
];

/** Advisory lock keys (any two fixed numbers): one for migrations, one for builds. */
export const LOCKS = { migrate: 4_711_001, build: 4_711_002 } as const;

/** How lexical search ranks on this server. */
export type LexicalRanking = "bm25" | "ts_rank_cd";

/** Tables of one generation; the number comes from the database, never from input. */
export const tablesOf = (generation: number | string) => {
  const n = String(generation);
  if (!/^\d+$/.test(n)) throw new Error(`not a generation number: ${n}`);
  return {
    articles: `footnote_g${n}_articles`,
    passages: `footnote_g${n}_passages`,
    terms: `footnote_g${n}_terms`,
    bm25: `footnote_g${n}_bm25`,
  };
};

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
export async function prepareDatabase(
  pool: pg.Pool,
  where: string,
  log: Logger,
): Promise<{ lexical: LexicalRanking; oneSession: boolean }> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw unreachable(error, where);
  }
  try {
    const version = Number((await client.query("SHOW server_version_num")).rows[0].server_version_num);
    // PGlite (the tests' server) runs every connection in one session and interleaves their
    // protocol messages: the store then talks to it over one connection at a time.
    const oneSession = /PGlite/.test((await client.query("SELECT version() AS v")).rows[0].v);
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
    await migrate(client);
    return { lexical, oneSession };
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
async function migrate(client: pg.PoolClient): Promise<void> {
  await client.query("SELECT pg_advisory_lock($1)", [LOCKS.migrate]);
  try {
    await client.query("CREATE TABLE IF NOT EXISTS footnote_schema (version integer NOT NULL)");
    const rows = (await client.query("SELECT version FROM footnote_schema")).rows;
    let version = rows.length ? Number(rows[0].version) : 0;
    if (!rows.length) await client.query("INSERT INTO footnote_schema (version) VALUES (0)");
    if (version > MIGRATIONS.length) {
      throw new RagError(
        "STORE_UNAVAILABLE",
        `The database's Footnote schema is version ${version}, newer than this Footnote knows (${MIGRATIONS.length}): upgrade Footnote.`,
      );
    }
    for (; version < MIGRATIONS.length; version++) {
      await client.query("BEGIN");
      try {
        await client.query(MIGRATIONS[version]!);
        await client.query("UPDATE footnote_schema SET version = $1", [version + 1]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCKS.migrate]);
  }
}
