import { PGlite } from "@electric-sql/pglite";
import { pg_textsearch } from "@electric-sql/pglite-pg_textsearch";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type pg from "pg";

/**
 * A real PostgreSQL 18 (PGlite, WebAssembly) with pgvector and pg_textsearch, served over the
 * wire protocol on 127.0.0.1 so the `pg` driver production uses connects to it. One query at a
 * time, and every connection shares its one session (so one server per test that needs a clean
 * database, and advisory locks do not exclude): a test engine, never a production recommendation.
 */
export async function startPostgres(
  options: { extensions?: boolean; maxConnections?: number } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await PGlite.create(options.extensions === false ? {} : { extensions: { vector, pg_textsearch } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: options.maxConnections ?? 16 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** How many passages of the live generation still wait for their vector (the embed queue's length). */
export async function livePassagesWithoutVector(client: pg.Client): Promise<number> {
  const { rows } = await client.query("SELECT generation FROM footnote_live");
  const pending = await client.query(
    `SELECT count(*)::int AS n FROM footnote_g${Number(rows[0].generation)}_passages WHERE embedding IS NULL`,
  );
  return pending.rows[0].n;
}
