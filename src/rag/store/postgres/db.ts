import type pg from "pg";

/**
 * What the Postgres store's readers query through: the pool, or a connection inside a build's
 * transaction (so a build can be checked, as it will be served, before it is committed).
 */
export interface Db {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Runs `fn` where `SET LOCAL` settings last only as long as it does. */
  scoped<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

export function poolDb(pool: pg.Pool): Db {
  return {
    query: (sql, params) => pool.query(sql, params),
    async scoped(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(transactionDb(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** A connection that is already inside a transaction: scopes are savepoints. */
export function transactionDb(client: pg.PoolClient): Db {
  let savepoints = 0;
  const db: Db = {
    query: (sql, params) => client.query(sql, params),
    async scoped(fn) {
      const name = `footnote_scope_${++savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(db);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
        throw error;
      }
    },
  };
  return db;
}
