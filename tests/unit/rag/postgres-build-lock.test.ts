import type pg from "pg";
import { describe, expect, it, vi } from "vitest";
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
    vi.useFakeTimers();
    try {
      const { pool, state } = serverWithHeldLock();
      setTimeout(() => {
        state.heldByOther = false;
      }, 600);
      const taking = takeBuildLock(pool, LOCKS.build, 10_000, false);
      await vi.advanceTimersByTimeAsync(1000);
      const lock = await taking;
      // Tried every 250 ms until the other writer let go at 600 ms.
      expect(state.tries).toBe(4);
      // Held on its own connection, so a killed writer's lock ends with that connection.
      expect(state).toMatchObject({ connections: 1, released: 0 });
      lock.release();
      expect(state.released).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("GIVEN a writer that never finishes THEN the wait ends with INDEX_LOCKED after INDEX_LOCK_WAIT_MS", async () => {
    vi.useFakeTimers();
    try {
      const { pool, state } = serverWithHeldLock();
      const started = Date.now();
      const taking = expect(takeBuildLock(pool, LOCKS.build, 600, false)).rejects.toMatchObject({ code: "INDEX_LOCKED" });
      await vi.advanceTimersByTimeAsync(1000);
      await taking;
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      expect(state.released).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
