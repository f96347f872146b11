import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dueAt, renderDigest } from "../../src/bot/digest.js";
import { RecentAnswers } from "../../src/bot/answers.js";
import { createLogger, openQuestionLog, silentLogger } from "../../src/rag/index.js";
import { loadCoreConfig } from "../../src/config/index.js";
import { startPostgres } from "../support/pglite.js";
import { runCli } from "../support/run-cli.js";
import { callback, finalEdit, MODERATOR, send, startWorld, stopWorld, type World } from "../support/bot-world.js";
import { buttonClick, chatInput, GUILD_ID, GUILD_ID_2, stringOption } from "../support/fake-discord.js";
import { makeTempDir, writeFiles } from "../support/corpus.js";

/** Asks, and waits until the question is logged too (it is, just after the reply goes out). */
const ask = async (w: World, question: string, user: { userId?: string; guildId?: string } = {}) => {
  const reply = (await finalEdit(w, send(w, chatInput("ask", [stringOption("question", question)], user)))).body;
  const key = reply.components?.[0]?.components?.find((b: { custom_id: string }) => b.custom_id.startsWith("fb:"))?.custom_id.split(":")[2];
  if (key && w.bot.ctx.questions) await until(async () => !!(await w.bot.ctx.questions!.get(key)));
  return reply;
};

async function until(done: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const FIRE = ["Who is the fire chief of Arden?", "Who leads the Arden fire department?", "Name the chief of the fire service in Arden"];
const DIGEST_CHANNEL = "100000000000000077";

describe("the question log and /insights through Discord", () => {
  let w: World;
  const lines: string[] = [];
  beforeAll(async () => {
    const dataDir = makeTempDir();
    // Votes kept before the question log: moved into it at start, once.
    writeFiles(dataDir, {
      "feedback.jsonl": `${JSON.stringify({ time: "2026-12-01T10:00:00Z", vote: "down", answerKey: "oldkey", userId: "300000000000000061", guildId: GUILD_ID, channelId: null, question: "An old question?", answer: "An old answer.", answerer: "extractive", citedArticles: [] })}\n`,
    });
    const log = createLogger({ level: "info", format: "json", stream: { write: (line: string) => lines.push(line) } });
    w = await startWorld(
      {
        DATA_DIR: dataDir,
        QUESTION_LOG_KEY: "a key for the tests, long enough",
        QUESTION_MAX_CHARS: "2000",
        DIGEST_CHANNEL_ID: DIGEST_CHANNEL,
        DIGEST_DAY: "monday",
        DIGEST_HOUR: "9",
      },
      { log },
    );
  });
  afterAll(() => stopWorld(w));

  it("GIVEN the old feedback.jsonl THEN its votes are in the log and the file is kept as migrated", async () => {
    expect(existsSync(join(w.config.dataDir, "feedback.jsonl"))).toBe(false);
    expect(existsSync(join(w.config.dataDir, "feedback.jsonl.migrated"))).toBe(true);
    expect((await w.bot.ctx.questions!.get("oldkey"))?.question).toBe("An old question?");
  });

  it("GIVEN asks, refusals and votes THEN each lands in the log, with why it was refused and the vote's reason", async () => {
    const answered = await ask(w, "Who heads the Wagner Group?", { userId: "300000000000000051" });
    for (const q of FIRE) await ask(w, q, { userId: "300000000000000052" });
    const key = answered.components[0].components[1].custom_id.split(":")[2];
    await callback(w, send(w, buttonClick(`fb:down:${key}`, { userId: "300000000000000053" })));
    await callback(w, send(w, buttonClick(`why:wrong:${key}`, { userId: "300000000000000053" })));
    const { questions, votes } = await w.bot.ctx.questions!.log.window({
      server: GUILD_ID,
      from: Date.now() - 60_000,
      to: Date.now() + 1000,
    });
    expect(questions.filter((q) => FIRE.includes(q.question)).map((q) => [q.refused, q.reason])).toEqual(
      FIRE.map(() => [true, "not-covered"]),
    );
    expect(questions.find((q) => q.id === key)).toMatchObject({
      refused: false,
      cited: expect.arrayContaining([expect.objectContaining({ title: expect.stringMatching(/Wagner|North Korea/) })]),
    });
    expect(votes.filter((v) => v.questionId === key)).toEqual([expect.objectContaining({ vote: "down", reason: "wrong" })]);
  });

  it("GIVEN three paraphrases of one unanswerable question THEN /insights shows one coverage gap, named, with nothing close", async () => {
    const overview = await finalEdit(w, send(w, chatInput("insights", [], MODERATOR)));
    expect(overview.body.embeds[0].description).toMatch(/\*\*5\*\* questions/);
    const gapsButton = overview.body.components[0].components.find((b: any) => b.label === "Coverage gaps").custom_id;
    const gaps = (await callback(w, send(w, buttonClick(gapsButton, MODERATOR)))).body.data.embeds[0].description as string;
    const fireGap = gaps.split("\n\n").find((g) => /fire/.test(g))!;
    expect(fireGap).toMatch(/^\*\*1\. (arden|fire|chief)/);
    expect(fireGap).toMatch(/: 3 questions/);
    for (const q of FIRE) expect(fireGap).toContain(q);
    expect(fireGap).toMatch(/Nothing close: add articles about .*fire/);
  });

  it("GIVEN a question in another server THEN this server's /insights does not count it", async () => {
    await ask(w, "What is the Tarrow ferry timetable?", { guildId: GUILD_ID_2 });
    const overview = await finalEdit(w, send(w, chatInput("insights", [], MODERATOR)));
    expect(overview.body.embeds[0].description).not.toContain("Tarrow");
    const other = await finalEdit(w, send(w, chatInput("insights", [], { ...MODERATOR, guildId: GUILD_ID_2 })));
    expect(other.body.embeds[0].description).toContain("Tarrow");
  });

  it("GIVEN a long question full of markdown and mentions THEN /insights shows it escaped and cut, pinging no one", async () => {
    const hostile = `@everyone **Who** is [the chief](https://evil.example) <@&123456789012345678>? ${"word ".repeat(190)}`;
    await ask(w, hostile);
    const overview = await finalEdit(w, send(w, chatInput("insights", [], MODERATOR)));
    const text = overview.body.embeds[0].description as string;
    expect(text).not.toContain("@everyone");
    expect(text).not.toMatch(/\[the chief\]\(https/);
    expect(text).toContain("\\*\\*Who\\*\\*");
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(overview.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("GIVEN /insights answer:<id> THEN a moderator sees how the answer was reached; an id from another server is refused", async () => {
    const answered = await ask(w, "Who heads the Wagner Group?");
    const key = answered.components[0].components[1].custom_id.split(":")[2];
    const trace = await finalEdit(w, send(w, chatInput("insights", [stringOption("answer", key)], MODERATOR)));
    expect(trace.body.embeds[0].description).toMatch(/\*\*Passages\*\* \(in rank order\)\n1\. /);
    expect(trace.body.embeds[0].description).toMatch(/Confidence: answer \d\.\d\d/);
    const elsewhere = await finalEdit(
      w,
      send(w, chatInput("insights", [stringOption("answer", key)], { ...MODERATOR, guildId: GUILD_ID_2 })),
    );
    expect(elsewhere.body.embeds[0].description).toMatch(/No answer with the id/);
  });

  it("GIVEN /insights from a member without Manage Server THEN it is refused", async () => {
    const i = send(w, chatInput("insights", [], { permissions: "0" }));
    expect((await callback(w, i)).body.data.embeds[0].description).toMatch(/Manage Server/);
  });

  it("GIVEN the digest's day and hour THEN it is posted once into its channel, and not before", async () => {
    const posts = () => w.discord.calls.filter((c) => c.method === "POST" && c.path === `/channels/${DIGEST_CHANNEL}/messages`);
    // The next Monday 09:00 (UTC) after now: its week holds this test's questions.
    const due = dueAt(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000), 1, 9);
    expect(await w.bot.digest!.tick(new Date(due - 60_000))).toBe(false);
    expect(posts()).toHaveLength(0);
    expect(await w.bot.digest!.tick(new Date(due + 5 * 60_000))).toBe(true);
    expect(await w.bot.digest!.tick(new Date(due + 60 * 60_000))).toBe(false);
    expect(posts()).toHaveLength(1);
    const embed = posts()[0]!.body.embeds[0];
    expect(embed.title).toBe("This week's questions");
    expect(embed.description).toMatch(/Top coverage gaps\*\*\n1\. .*fire.* \(3\)/);
    expect(posts()[0]!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("GIVEN /forget-me confirmed THEN everything the member asked, in every server, is gone; another member cannot confirm it", async () => {
    const user = { userId: "300000000000000088" };
    await ask(w, "Who heads the Wagner Group?", user);
    await ask(w, "Who heads the Wagner Group?", { ...user, guildId: GUILD_ID_2 });
    const hash = w.bot.ctx.questions!.userHash(user.userId);
    const mine = async () =>
      (await w.bot.ctx.questions!.log.window({ from: 0, to: Date.now() + 1000 })).questions.filter((q) => q.user === hash);
    await until(async () => (await mine()).length === 2);
    const prompt = (await callback(w, send(w, chatInput("forget-me", [], user)))).body.data;
    const confirm = prompt.components[0].components[0].custom_id;
    expect((await callback(w, send(w, buttonClick(confirm, { userId: "300000000000000089" })))).body.data.embeds[0].description).toMatch(
      /Only the member who asked/,
    );
    expect(await mine()).toHaveLength(2);
    expect((await callback(w, send(w, buttonClick(confirm, user)))).body.data.embeds[0].description).toMatch(/Done: 2 questions/);
    expect(await mine()).toHaveLength(0);
  });

  it("GIVEN an answer the bot's memory no longer holds (as after a restart) THEN its Quotes come from the log", async () => {
    const answered = await ask(w, "Who heads the Wagner Group?");
    const quotesId = answered.components[0].components[0].custom_id;
    w.bot.ctx.answers = new RecentAnswers();
    const quotes = (await callback(w, send(w, buttonClick(quotesId)))).body.data;
    expect(quotes.embeds[0].fields[0].name).toMatch(/^\[1\] /);
  });

  it("GIVEN the log's database locked by another process THEN answers still go out, and one warning is logged", async () => {
    const other = new Database(join(w.config.dataDir, "questions.db"));
    other.exec("BEGIN EXCLUSIVE");
    try {
      const warningsBefore = lines.filter((l) => /question log could not/.test(l)).length;
      for (const q of ["Who heads the Wagner Group?", "Who is John Kirby?"]) {
        const reply = await finalEdit(w, send(w, chatInput("ask", [stringOption("question", q)])));
        expect(reply.body.embeds[0].description).toBeTruthy();
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(lines.filter((l) => /question log could not/.test(l)).length - warningsBefore).toBe(1);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
  });
});

describe("the digest's schedule", () => {
  it.each([
    ["2026-12-07T10:00:00Z", "2026-12-07T09:00:00.000Z"],
    ["2026-12-09T08:00:00Z", "2026-12-07T09:00:00.000Z"],
    ["2026-12-07T08:00:00Z", "2026-12-07T09:00:00.000Z"],
    ["2026-12-06T23:00:00Z", "2026-11-30T09:00:00.000Z"],
  ])("GIVEN %s THEN this week's Monday 09:00 digest is due at %s", (now, due) => {
    expect(new Date(dueAt(new Date(now), 1, 9)).toISOString()).toBe(due);
  });

  it("GIVEN a week with failing sources THEN the digest names them", () => {
    const totals = {
      asked: 3,
      answered: 1,
      refused: 2,
      up: 0,
      down: 1,
      downReasons: { wrong: 0, "not-in-articles": 0, outdated: 0, "badly-cited": 0 },
    };
    const rendered = renderDigest(
      {
        days: 7,
        from: 0,
        to: 1,
        totals,
        previous: { ...totals, asked: 1 },
        topQuestions: [],
        gaps: [],
        mostCited: [],
        neverCited: { count: 0, examples: [] },
      },
      [
        {
          source: { url: "https://paper.example/feed.xml", kind: "feed" },
          record: { validators: {}, failures: 3, backlog: 0, lastError: "answered HTTP 500" },
        },
      ],
    );
    expect(rendered.embeds[0]!.description).toMatch(/\*\*3\*\* questions \(\+2\)/);
    expect(rendered.embeds[0]!.description).toMatch(
      /Sources failing to sync\*\*\n• <https:\/\/paper\.example\/feed\.xml>: answered HTTP 500/,
    );
  });
});

describe("the question log on PostgreSQL, through Discord", () => {
  it("GIVEN QUESTION_LOG=postgres THEN asks land in the database and /insights reads them from it", async () => {
    const postgres = await startPostgres({ extensions: false });
    const w = await startWorld({
      QUESTION_LOG: "postgres",
      DATABASE_URL: postgres.url,
      QUESTION_LOG_KEY: "a key for the tests, long enough",
    });
    try {
      expect(w.bot.ctx.questions?.kind).toBe("postgres");
      for (const q of FIRE) await ask(w, q);
      const overview = await finalEdit(w, send(w, chatInput("insights", [], MODERATOR)));
      expect(overview.body.embeds[0].description).toMatch(/\*\*3\*\* questions/);
      const gapsButton = overview.body.components[0].components.find((b: any) => b.label === "Coverage gaps").custom_id;
      const gaps = (await callback(w, send(w, buttonClick(gapsButton, MODERATOR)))).body.data.embeds[0].description as string;
      expect(gaps).toMatch(/^\*\*1\. .*fire.*\*\*: 3 questions/);
    } finally {
      await stopWorld(w);
      await postgres.stop();
    }
  });
});

describe("npm run insights", () => {
  it("GIVEN a log with answered and refused questions THEN the command prints the same figures and gaps, as JSON too", async () => {
    const dataDir = makeTempDir();
    const env = { DATA_DIR: dataDir, QUESTION_LOG_KEY: "a key for the tests, long enough", EMBEDDINGS: "use-lite" };
    const questions = (await openQuestionLog(loadCoreConfig(env), silentLogger))!;
    const refused = (q: string) => ({
      question: q,
      answer: "The articles do not cover this question.",
      refused: true,
      citations: [],
      related: [],
      disagreement: false,
      answerer: "extractive" as const,
      timings: { retrieveMs: 0, answerMs: 0 },
    });
    for (const [i, q] of FIRE.entries())
      await questions.record({
        id: `f${i}`,
        at: new Date(),
        server: GUILD_ID,
        userId: "300000000000000051",
        answer: refused(q),
        latencyMs: 10,
      });
    await questions.close();
    const run = await runCli("insights.ts", ["--days", "7", "--server", GUILD_ID, "--json"], env);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.totals).toMatchObject({ asked: 3, refused: 3 });
    expect(report.gaps[0]).toMatchObject({ size: 3, terms: expect.arrayContaining(["fire"]), closest: [] });
    const text = await runCli("insights.ts", ["--days", "7"], env);
    expect(text.stdout).toMatch(/Every server, the last 7 days: 3 questions/);
    expect(text.stdout).toMatch(/nothing close: add articles about .*fire/);
  }, 60_000);
});

describe("a question log that cannot be opened", () => {
  it("GIVEN DATA_DIR/questions.db that is not a database THEN the bot starts, answers, and says once the log is off", async () => {
    const dataDir = makeTempDir();
    writeFiles(dataDir, { "questions.db/not-a-file": "x" });
    const lines: string[] = [];
    const log = createLogger({ level: "info", format: "json", stream: { write: (line: string) => lines.push(line) } });
    const w = await startWorld({ DATA_DIR: dataDir, QUESTION_LOG_KEY: "a key for the tests, long enough" }, { log });
    try {
      expect(w.bot.ctx.questions).toBeUndefined();
      expect((await ask(w, "Who heads the Wagner Group?")).embeds[0].description).toMatch(/Prigozhin/);
      expect(lines.filter((l) => /question log could not be opened/.test(l))).toHaveLength(1);
      const insights = send(w, chatInput("insights", [], MODERATOR));
      expect((await callback(w, insights)).body.data.embeds[0].description).toMatch(/question log is off/);
    } finally {
      await stopWorld(w);
    }
  });
});
