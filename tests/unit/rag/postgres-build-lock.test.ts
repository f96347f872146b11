import type pg from "pg";
import { describe, expect, it } from "vitest";
import { takeBuildLock } from "../../../src/rag/store/postgres/build.js";
import { pgNames } from "../../../src/rag/store/postgres/schema.js";

const LOCKS = pgNames().locks;

/**
 * Two writers on one database: PostgreSQL's advisory lock excludes the second (PGlite, the tests'
 * server, gives every connection one session, so it cannot show that). What is tested here is
 * what a writer does when the server says another session holds the lock: a fake server whose
 * lock is held by "another session" until the test lets it go.
 */
function serverWithHeldLock() {
  const state = { heldByOther: true, tries: 0, connections: 0, released: 0 };
  const client = {
    async query(sql: string, params?: unknown[]) {
      expect(params).toEqual([LOCKS.build]);
      expect(sql).toContain("pg_try_advisory_lock");
      state.tries++;
      return { rows: [{ ok: !state.heldByOther }] };
    },
    release() {
      state.released++;
    },
  };
  const pool = {
    async connect() {
      state.connections++;
      return client;
    },
    query: client.query,
  } as unknown as pg.Pool;
  return { pool, state };
}

describe("the Postgres store's build lock", () => {
  it("GIVEN another writer holds it and no wait is allowed THEN the second writer is refused at once, its connection released", async () => {
    const { pool, state } = serverWithHeldLock();
    await expect(takeBuildLock(pool, LOCKS.build, 0, false)).rejects.toMatchObject({
      code: "INDEX_LOCKED",
      message: expect.stringMatching(/Another index run is in progress on the database/),
    });
    expect(state).toMatchObject({ tries: 1, connections: 1, released: 1 });
  });

  it("GIVEN another writer that finishes within INDEX_LOCK_WAIT_MS THEN the second writer waits and takes the lock on a connection of its own", async () => {
    const { pool, state } = serverWithHeldLock();
    setTimeout(() => {
      state.heldByOther = false;
    }, 600);
    const lock = await takeBuildLock(pool, LOCKS.build, 10_000, false);
    expect(state.tries).toBeGreaterThan(1);
    // Held on its own connection, so a killed writer's lock ends with that connection.
    expect(state).toMatchObject({ connections: 1, released: 0 });
    lock.release();
    expect(state.released).toBe(1);
  });

  it("GIVEN a writer that never finishes THEN the wait ends with INDEX_LOCKED after INDEX_LOCK_WAIT_MS", async () => {
    const { pool } = serverWithHeldLock();
    const started = Date.now();
    await expect(takeBuildLock(pool, LOCKS.build, 600, false)).rejects.toMatchObject({ code: "INDEX_LOCKED" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });
});
