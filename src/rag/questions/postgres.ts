import pg from "pg";
import { totalsFrom } from "./totals.js";
import type { DownReason, QuestionEntry, QuestionLog, QuestionWindow } from "./types.js";

/** The question log's schema, in order (bump with a new entry); the same as the SQLite log's. */
const migrations = (t: { questions: string; votes: string }) => [
  `CREATE TABLE ${t.questions} (
     id text PRIMARY KEY,
     at bigint NOT NULL,
     server text,
     channel text,
     user_hash text,
     question text NOT NULL,
     refused boolean NOT NULL,
     reason text,
     short_answer text,
     answer text NOT NULL,
     cited jsonb NOT NULL,
     latency_ms integer NOT NULL,
     llm text,
     full_answer jsonb NOT NULL
   );
   CREATE INDEX ${t.questions}_server_at ON ${t.questions} (server, at);
   CREATE INDEX ${t.questions}_at ON ${t.questions} (at);
   CREATE INDEX ${t.questions}_user ON ${t.questions} (user_hash);
   CREATE TABLE ${t.votes} (
     question_id text NOT NULL,
     user_hash text NOT NULL,
     vote text NOT NULL,
     reason text,
     at bigint NOT NULL,
     PRIMARY KEY (question_id, user_hash)
   );
   CREATE INDEX ${t.votes}_user ON ${t.votes} (user_hash);`,
];

type Row = {
  id: string;
  at: string;
  server: string | null;
  channel: string | null;
  user_hash: string | null;
  question: string;
  refused: boolean;
  reason: string | null;
  short_answer: string | null;
  answer: string;
  cited: { id: string; title: string }[];
  latency_ms: number;
  llm: string | null;
};

const orUndefined = <T>(v: T | null) => (v === null ? undefined : v);

const toEntry = (row: Row): Omit<QuestionEntry, "full"> => ({
  id: row.id,
  at: Number(row.at),
  server: orUndefined(row.server),
  channel: orUndefined(row.channel),
  user: orUndefined(row.user_hash),
  question: row.question,
  refused: row.refused,
  reason: orUndefined(row.reason) as QuestionEntry["reason"],
  shortAnswer: orUndefined(row.short_answer),
  answer: row.answer,
  cited: row.cited,
  latencyMs: row.latency_ms,
  llm: orUndefined(row.llm),
});

/** The question log in the index's PostgreSQL database (tables named with the index's prefix): every process of the bot writes one log. */
export async function openPostgresLog(databaseUrl: string, prefix: string): Promise<QuestionLog> {
  const t = { questions: `${prefix}_questions`, votes: `${prefix}_question_votes`, version: `${prefix}_questions_schema` };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const client = await pool.connect();
  try {
    // One process migrates at a time (a lock of its own, apart from the index's).
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [t.version]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${t.version} (version integer NOT NULL)`);
    const rows = (await client.query(`SELECT version FROM ${t.version}`)).rows;
    if (!rows.length) await client.query(`INSERT INTO ${t.version} (version) VALUES (0)`);
    const all = migrations(t);
    for (let v = rows.length ? Number(rows[0].version) : 0; v < all.length; v++) {
      await client.query("BEGIN");
      await client.query(all[v]!);
      await client.query(`UPDATE ${t.version} SET version = $1`, [v + 1]);
      await client.query("COMMIT");
    }
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext($1))", [t.version]).catch(() => undefined);
    client.release();
  }

  const columns = "id, at, server, channel, user_hash, question, refused, reason, short_answer, answer, cited, latency_ms, llm";
  return {
    kind: "postgres",
    async record(e) {
      await pool.query(
        `INSERT INTO ${t.questions} (${columns}, full_answer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (id) DO NOTHING`,
        [
          e.id,
          e.at,
          e.server ?? null,
          e.channel ?? null,
          e.user ?? null,
          e.question,
          e.refused,
          e.reason ?? null,
          e.shortAnswer ?? null,
          e.answer,
          JSON.stringify(e.cited),
          e.latencyMs,
          e.llm ?? null,
          JSON.stringify(e.full),
        ],
      );
    },
    async vote(v) {
      const before = (
        await pool.query<{ vote: string }>(`SELECT vote FROM ${t.votes} WHERE question_id = $1 AND user_hash = $2`, [v.questionId, v.user])
      ).rows[0]?.vote;
      if (before === v.vote) return "unchanged";
      await pool.query(
        `INSERT INTO ${t.votes} (question_id, user_hash, vote, reason, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (question_id, user_hash) DO UPDATE SET vote = excluded.vote, reason = excluded.reason, at = excluded.at`,
        [v.questionId, v.user, v.vote, v.reason ?? null, v.at],
      );
      return before ? "changed" : "recorded";
    },
    async reason(questionId: string, user: string, reason: DownReason) {
      const r = await pool.query(`UPDATE ${t.votes} SET reason = $1 WHERE question_id = $2 AND user_hash = $3 AND vote = 'down'`, [
        reason,
        questionId,
        user,
      ]);
      return (r.rowCount ?? 0) > 0;
    },
    async get(id) {
      const row = (
        await pool.query<Row & { full_answer: QuestionEntry["full"] }>(`SELECT ${columns}, full_answer FROM ${t.questions} WHERE id = $1`, [
          id,
        ])
      ).rows[0];
      return row ? { ...toEntry(row), full: row.full_answer } : undefined;
    },
    async window({ server, from, to }): Promise<QuestionWindow> {
      const scope = server === undefined ? "q.at >= $1 AND q.at < $2" : "q.at >= $1 AND q.at < $2 AND q.server = $3";
      const args = server === undefined ? [from, to] : [from, to, server];
      const questions = (
        await pool.query<Row>(`SELECT ${columns.replace(/(\w+)/g, "q.$1")} FROM ${t.questions} q WHERE ${scope}`, args)
      ).rows.map(toEntry);
      const votes = (
        await pool.query<{ question_id: string; user_hash: string; vote: "up" | "down"; reason: string | null; at: string }>(
          `SELECT v.question_id, v.user_hash, v.vote, v.reason, v.at FROM ${t.votes} v JOIN ${t.questions} q ON q.id = v.question_id WHERE ${scope}`,
          args,
        )
      ).rows.map((v) => ({
        questionId: v.question_id,
        user: v.user_hash,
        vote: v.vote,
        reason: orUndefined(v.reason) as DownReason | undefined,
        at: Number(v.at),
      }));
      return { questions, votes };
    },
    async totals({ server, from, to }) {
      const scope = server === undefined ? "q.at >= $1 AND q.at < $2" : "q.at >= $1 AND q.at < $2 AND q.server = $3";
      const args = server === undefined ? [from, to] : [from, to, server];
      const counts = (
        await pool.query<{ asked: string; refused: string }>(
          `SELECT count(*) AS asked, count(*) FILTER (WHERE q.refused) AS refused FROM ${t.questions} q WHERE ${scope}`,
          args,
        )
      ).rows[0]!;
      const votes = (
        await pool.query<{ vote: string; reason: string | null; n: string }>(
          `SELECT v.vote, v.reason, count(*) AS n FROM ${t.votes} v JOIN ${t.questions} q ON q.id = v.question_id WHERE ${scope} GROUP BY v.vote, v.reason`,
          args,
        )
      ).rows.map((r) => ({ vote: r.vote, reason: r.reason, n: Number(r.n) }));
      return totalsFrom(Number(counts.asked), Number(counts.refused), votes);
    },
    async forget(user) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const questions = (await client.query(`DELETE FROM ${t.questions} WHERE user_hash = $1`, [user])).rowCount ?? 0;
        const votes =
          (await client.query(`DELETE FROM ${t.votes} WHERE user_hash = $1 OR question_id NOT IN (SELECT id FROM ${t.questions})`, [user]))
            .rowCount ?? 0;
        await client.query("COMMIT");
        return { questions, votes };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async prune(before) {
      const n = (await pool.query(`DELETE FROM ${t.questions} WHERE at < $1`, [before])).rowCount ?? 0;
      await pool.query(`DELETE FROM ${t.votes} WHERE question_id NOT IN (SELECT id FROM ${t.questions})`);
      return n;
    },
    async close() {
      await pool.end();
    },
  };
}
