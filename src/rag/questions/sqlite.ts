import { chmodSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { totalsFrom, type VoteCount } from "./totals.js";
import type { DownReason, QuestionEntry, QuestionLog, QuestionWindow, VoteEntry } from "./types.js";

/**
 * Versioned migrations: each runs once, in order, in a transaction; `user_version` says how many
 * ran. The PostgreSQL log runs the same schema (postgres.ts).
 */
const MIGRATIONS = [
  `CREATE TABLE questions (
     id TEXT PRIMARY KEY,
     at INTEGER NOT NULL,
     server TEXT,
     channel TEXT,
     user_hash TEXT,
     question TEXT NOT NULL,
     refused INTEGER NOT NULL,
     reason TEXT,
     short_answer TEXT,
     answer TEXT NOT NULL,
     cited TEXT NOT NULL,
     latency_ms INTEGER NOT NULL,
     llm TEXT,
     full_answer TEXT NOT NULL
   );
   CREATE INDEX questions_server_at ON questions (server, at);
   CREATE INDEX questions_at ON questions (at);
   CREATE INDEX questions_user ON questions (user_hash);
   CREATE TABLE votes (
     question_id TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     vote TEXT NOT NULL,
     reason TEXT,
     at INTEGER NOT NULL,
     PRIMARY KEY (question_id, user_hash)
   );
   CREATE INDEX votes_user ON votes (user_hash);`,
];

type Row = {
  id: string;
  at: number;
  server: string | null;
  channel: string | null;
  user_hash: string | null;
  question: string;
  refused: number;
  reason: string | null;
  short_answer: string | null;
  answer: string;
  cited: string;
  latency_ms: number;
  llm: string | null;
};

type VoteRow = { question_id: string; user_hash: string; vote: "up" | "down"; reason: string | null; at: number };

const orUndefined = <T>(v: T | null) => (v === null ? undefined : v);

function toEntry(row: Row): Omit<QuestionEntry, "full"> {
  return {
    id: row.id,
    at: row.at,
    server: orUndefined(row.server),
    channel: orUndefined(row.channel),
    user: orUndefined(row.user_hash),
    question: row.question,
    refused: row.refused === 1,
    reason: orUndefined(row.reason) as QuestionEntry["reason"],
    shortAnswer: orUndefined(row.short_answer),
    answer: row.answer,
    cited: JSON.parse(row.cited),
    latencyMs: row.latency_ms,
    llm: orUndefined(row.llm),
  };
}

/** The question log in an SQLite file (owner-only), the default: nothing to run beside the bot. */
export function openSqliteLog(path: string): QuestionLog {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  // Questions and user hashes: readable by the bot's own user only.
  chmodSync(path, 0o600);
  db.pragma("journal_mode = WAL");
  // Short: a write that waits blocks the event loop (the driver is synchronous); a locked log costs a warning, not answers.
  db.pragma("busy_timeout = 100");
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  const insert = db.prepare(
    `INSERT OR REPLACE INTO questions (id, at, server, channel, user_hash, question, refused, reason, short_answer, answer, cited, latency_ms, llm, full_answer)
     VALUES (@id, @at, @server, @channel, @user, @question, @refused, @reason, @shortAnswer, @answer, @cited, @latencyMs, @llm, @full)`,
  );
  const lastVote = db.prepare("SELECT vote FROM votes WHERE question_id = ? AND user_hash = ?");
  const upsertVote = db.prepare(
    `INSERT INTO votes (question_id, user_hash, vote, reason, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (question_id, user_hash) DO UPDATE SET vote = excluded.vote, reason = excluded.reason, at = excluded.at`,
  );
  const setReason = db.prepare("UPDATE votes SET reason = ? WHERE question_id = ? AND user_hash = ? AND vote = 'down'");
  const one = db.prepare("SELECT * FROM questions WHERE id = ?");
  const columns = "id, at, server, channel, user_hash, question, refused, reason, short_answer, answer, cited, latency_ms, llm";
  const windowAll = db.prepare(`SELECT ${columns} FROM questions WHERE at >= ? AND at < ?`);
  const windowOf = db.prepare(`SELECT ${columns} FROM questions WHERE server = ? AND at >= ? AND at < ?`);
  const voteColumns = "v.question_id, v.user_hash, v.vote, v.reason, v.at";
  const votesAll = db.prepare(`SELECT ${voteColumns} FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.at >= ? AND q.at < ?`);
  const votesOf = db.prepare(
    `SELECT ${voteColumns} FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.server = ? AND q.at >= ? AND q.at < ?`,
  );
  const countAll = db.prepare("SELECT count(*) AS asked, coalesce(sum(refused), 0) AS refused FROM questions WHERE at >= ? AND at < ?");
  const countOf = db.prepare(
    "SELECT count(*) AS asked, coalesce(sum(refused), 0) AS refused FROM questions WHERE server = ? AND at >= ? AND at < ?",
  );
  const voteCountsAll = db.prepare(
    "SELECT v.vote AS vote, v.reason AS reason, count(*) AS n FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.at >= ? AND q.at < ? GROUP BY v.vote, v.reason",
  );
  const voteCountsOf = db.prepare(
    "SELECT v.vote AS vote, v.reason AS reason, count(*) AS n FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.server = ? AND q.at >= ? AND q.at < ? GROUP BY v.vote, v.reason",
  );
  const forgetQuestions = db.prepare("DELETE FROM questions WHERE user_hash = ?");
  const forgetVotes = db.prepare("DELETE FROM votes WHERE user_hash = ? OR question_id NOT IN (SELECT id FROM questions)");
  const pruneQuestions = db.prepare("DELETE FROM questions WHERE at < ?");
  const pruneVotes = db.prepare("DELETE FROM votes WHERE question_id NOT IN (SELECT id FROM questions)");

  return {
    kind: "sqlite",
    async record(entry) {
      insert.run({
        ...entry,
        server: entry.server ?? null,
        channel: entry.channel ?? null,
        user: entry.user ?? null,
        refused: entry.refused ? 1 : 0,
        reason: entry.reason ?? null,
        shortAnswer: entry.shortAnswer ?? null,
        cited: JSON.stringify(entry.cited),
        llm: entry.llm ?? null,
        full: JSON.stringify(entry.full),
      });
    },
    async vote(entry: VoteEntry) {
      const before = (lastVote.get(entry.questionId, entry.user) as { vote: string } | undefined)?.vote;
      if (before === entry.vote) return "unchanged";
      upsertVote.run(entry.questionId, entry.user, entry.vote, entry.reason ?? null, entry.at);
      return before ? "changed" : "recorded";
    },
    async reason(questionId: string, user: string, reason: DownReason) {
      return setReason.run(reason, questionId, user).changes > 0;
    },
    async get(id) {
      const row = one.get(id) as (Row & { full_answer: string }) | undefined;
      return row ? { ...toEntry(row), full: JSON.parse(row.full_answer) } : undefined;
    },
    async window({ server, from, to }): Promise<QuestionWindow> {
      const rows = (server === undefined ? windowAll.all(from, to) : windowOf.all(server, from, to)) as Row[];
      const votes = (server === undefined ? votesAll.all(from, to) : votesOf.all(server, from, to)) as VoteRow[];
      return {
        questions: rows.map(toEntry),
        votes: votes.map((v) => ({
          questionId: v.question_id,
          user: v.user_hash,
          vote: v.vote,
          reason: orUndefined(v.reason) as DownReason | undefined,
          at: v.at,
        })),
      };
    },
    async totals({ server, from, to }) {
      const counts = (server === undefined ? countAll.get(from, to) : countOf.get(server, from, to)) as { asked: number; refused: number };
      const votes = (server === undefined ? voteCountsAll.all(from, to) : voteCountsOf.all(server, from, to)) as VoteCount[];
      return totalsFrom(counts.asked, counts.refused, votes);
    },
    async forget(user) {
      return db.transaction(() => {
        const questions = forgetQuestions.run(user).changes;
        const votes = forgetVotes.run(user).changes;
        return { questions, votes };
      })();
    },
    async prune(before) {
      return db.transaction(() => {
        const n = pruneQuestions.run(before).changes;
        pruneVotes.run();
        return n;
      })();
    },
    async close() {
      db.close();
    },
  };
}
