import pg from "pg";
import type { Logger } from "../../logger.js";

/**
 * One connection pool per database per process, however many indexes use it. A bot in a thousand
 * servers opens a store per server library; a pool each would hold a thousand sets of connections
 * (far past PostgreSQL's max_connections) and the memory of each. Stores borrow the pool for their
 * database and give it back when they close; the last one to give it back ends it.
 */
interface Shared {
  pool: pg.Pool;
  /** The server runs every connection in one session (PGlite): the pool has one connection. */
  oneSession: boolean;
}

interface Entry {
  ready: Promise<Shared>;
  borrowers: number;
}

const pools = new Map<string, Entry>();

export interface BorrowedPool extends Shared {
  /** Gives the pool back; ends it when no other store holds it. Once only. */
  release(): Promise<void>;
}

function newPool(url: string, max: number, log: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection that dies (a server restart) must not crash the process; the next query reconnects.
  pool.on("error", (error) => log.warn({ err: error.message }, "a database connection failed"));
  return pool;
}

/**
 * PGlite (the tests' server) runs every connection in one session and interleaves their protocol
 * messages: there the pool keeps one connection. Asked once per database, over one connection.
 */
async function open(url: string, max: number, log: Logger): Promise<Shared> {
  const first = newPool(url, 1, log);
  let oneSession: boolean;
  try {
    oneSession = /PGlite/.test((await first.query<{ v: string }>("SELECT version() AS v")).rows[0]!.v);
  } catch (error) {
    await first.end().catch(() => undefined);
    throw error;
  }
  if (oneSession || max === 1) return { pool: first, oneSession };
  await first.end();
  return { pool: newPool(url, max, log), oneSession };
}

/**
 * Borrows the process's pool for `url`, made with `max` connections by its first borrower (later
 * borrowers share it as it is). A failure to connect is thrown to every borrower waiting for it,
 * and the next borrower tries again.
 */
export async function borrowPool(url: string, max: number, log: Logger): Promise<BorrowedPool> {
  let entry = pools.get(url);
  if (!entry) {
    const created: Entry = { ready: open(url, max, log), borrowers: 0 };
    created.ready.catch(() => pools.get(url) === created && pools.delete(url));
    pools.set(url, created);
    entry = created;
  }
  const held = entry;
  // Counted before waiting: a store closing meanwhile must not end the pool this one is about to use.
  held.borrowers++;
  let shared: Shared;
  try {
    shared = await held.ready;
  } catch (error) {
    held.borrowers--;
    throw error;
  }
  let released = false;
  return {
    ...shared,
    async release() {
      if (released) return;
      released = true;
      held.borrowers--;
      if (held.borrowers > 0) return;
      if (pools.get(url) === held) pools.delete(url);
      await shared.pool.end();
    },
  };
}

/** How many stores share the pool for `url` now. */
export function poolBorrowers(url: string): number {
  return pools.get(url)?.borrowers ?? 0;
}
