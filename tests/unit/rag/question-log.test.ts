import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCoreConfig } from "../../../src/config/index.js";
import { silentLogger } from "../../../src/rag/index.js";
import { openQuestionLog, refusalReason, type QuestionRecorder } from "../../../src/rag/questions/index.js";
import type { Answer } from "../../../src/rag/answer/types.js";
import { makeTempDir } from "../../support/corpus.js";
import { startPostgres } from "../../support/pglite.js";

const answer = (
  question: string,
  refused = false,
  text = refused ? "The articles do not cover this question." : "The quay reopened on Tuesday. [1]",
): Answer => ({
  question,
  answer: text,
  refused,
  citations: refused ? [] : [{ n: 1, articleId: "quay", title: "Quay reopens", quote: "The quay reopened on Tuesday." }],
  related: [],
  disagreement: false,
  answerer: "extractive",
  timings: { retrieveMs: 1, answerMs: 1 },
});

const DAY = 24 * 60 * 60 * 1000;
const now = Date.parse("2026-12-01T12:00:00Z");

let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
beforeAll(async () => {
  postgres = await startPostgres({ extensions: false });
});
afterAll(() => postgres?.stop());

describe.each(["sqlite", "postgres"] as const)("the question log on %s", (kind) => {
  let log: QuestionRecorder;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = makeTempDir();
    const env = { DATA_DIR: dataDir, QUESTION_LOG: kind, QUESTION_LOG_KEY: "a test key of sixteen or more", QUESTION_RETENTION_DAYS: "90" };
    const config = loadCoreConfig(kind === "postgres" ? { ...env, DATABASE_URL: postgres!.url, INDEX_TABLE_PREFIX: "t1" } : env);
    log = (await openQuestionLog(config, silentLogger))!;
  });
  afterAll(() => log.close());

  it("GIVEN questions answered and refused THEN each is kept with its server, reason, citations and a hashed user", async () => {
    await log.record({
      id: "q1",
      at: new Date(now - DAY),
      server: "s1",
      channel: "c1",
      userId: "300000000000000001",
      answer: answer("When did the quay reopen?"),
      latencyMs: 120.4,
    });
    await log.record({
      id: "q2",
      at: new Date(now - DAY),
      server: "s1",
      userId: "300000000000000002",
      answer: answer("Who is the fire chief?", true),
      latencyMs: 80,
    });
    await log.record({
      id: "q3",
      at: new Date(now - DAY),
      server: "s2",
      userId: "300000000000000001",
      answer: answer("Elsewhere?", true),
      latencyMs: 80,
    });
    const { questions } = await log.log.window({ server: "s1", from: now - 7 * DAY, to: now });
    expect(questions.map((q) => [q.id, q.refused, q.reason, q.cited, q.latencyMs]).sort()).toEqual([
      ["q1", false, undefined, [{ id: "quay", title: "Quay reopens" }], 120],
      ["q2", true, "not-covered", [], 80],
    ]);
    const user = questions.find((q) => q.id === "q1")!.user!;
    expect(user).toMatch(/^[0-9a-f]{32}$/);
    expect(user).not.toContain("300000000000000001");
    expect((await log.get("q1"))?.full.citations[0]?.quote).toBe("The quay reopened on Tuesday.");
  });

  it("GIVEN votes THEN one per user per answer counts, a 👎 takes its reason, and the window holds them", async () => {
    expect(await log.vote("q1", "300000000000000009", "up")).toBe("recorded");
    expect(await log.vote("q1", "300000000000000009", "up")).toBe("unchanged");
    expect(await log.vote("q1", "300000000000000009", "down")).toBe("changed");
    expect(await log.reason("q1", "300000000000000009", "outdated")).toBe(true);
    expect(await log.reason("q2", "300000000000000009", "wrong")).toBe(false);
    const { votes } = await log.log.window({ server: "s1", from: now - 7 * DAY, to: now });
    expect(votes.map((v) => [v.questionId, v.vote, v.reason])).toEqual([["q1", "down", "outdated"]]);
    // Counted by the database alike.
    expect(await log.log.totals({ server: "s1", from: now - 7 * DAY, to: now })).toEqual({
      asked: 2,
      refused: 1,
      up: 0,
      down: 1,
      downReasons: { wrong: 0, "not-in-articles": 0, outdated: 1, "badly-cited": 0 },
    });
    expect((await log.log.totals({ from: now - 7 * DAY, to: now })).asked).toBe(3);
  });

  it("GIVEN /forget-me THEN everything the user asked and rated is gone, in every server", async () => {
    await log.vote("q2", "300000000000000001", "down");
    // Their two questions, their vote on q2, and the vote another member left on their question q1.
    expect(await log.forget("300000000000000001")).toEqual({ questions: 2, votes: 2 });
    const all = await log.log.window({ from: 0, to: now + DAY });
    expect(all.questions.map((q) => q.id)).toEqual(["q2"]);
    expect(all.votes).toEqual([]);
  });

  it("GIVEN the retention period THEN older questions are pruned with their votes", async () => {
    await log.record({ id: "old", at: new Date(now - 100 * DAY), server: "s1", answer: answer("Old?"), latencyMs: 1 });
    await log.vote("old", "300000000000000005", "up");
    expect(await log.prune(now)).toBe(1);
    expect(await log.get("old")).toBeUndefined();
    expect(await log.get("q2")).toBeDefined();
  });
});

describe("the SQLite file", () => {
  it("GIVEN the log THEN its file is readable by the bot's user only", async () => {
    const dataDir = makeTempDir();
    const log = (await openQuestionLog(
      loadCoreConfig({ DATA_DIR: dataDir, QUESTION_LOG_KEY: "a test key of sixteen or more" }),
      silentLogger,
    ))!;
    expect(statSync(join(dataDir, "questions.db")).mode & 0o777).toBe(0o600);
    await log.close();
  });

  it("GIVEN no QUESTION_LOG_KEY THEN a key is made once, kept owner-only, and hashes stay the same across restarts", async () => {
    const dataDir = makeTempDir();
    const first = (await openQuestionLog(loadCoreConfig({ DATA_DIR: dataDir }), silentLogger))!;
    const hash = first.userHash("300000000000000001");
    await first.close();
    const again = (await openQuestionLog(loadCoreConfig({ DATA_DIR: dataDir }), silentLogger))!;
    expect(again.userHash("300000000000000001")).toBe(hash);
    expect(statSync(join(dataDir, "question-log.key")).mode & 0o777).toBe(0o600);
    await again.close();
  });

  it.each([
    [answer("x"), undefined],
    [answer("x", true), "not-covered"],
    [answer("x", true, "The articles do not state an answer to this. These passages come closest:"), "not-stated"],
    [
      answer("x", true, "Only questions in English are supported for now (this one looks like French). Please ask it in English."),
      "not-english",
    ],
  ])("GIVEN an answer THEN its refusal reason is %#", (a, reason) => {
    expect(refusalReason(a)).toBe(reason);
  });
});
