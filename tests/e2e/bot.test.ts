import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadBotConfig } from "../../src/config/index.js";
import { createBot } from "../../src/bot/bot.js";
import { COMMAND_DEFINITIONS } from "../../src/bot/commands/index.js";
import { deployCommands } from "../../src/bot/deploy.js";
import { UserRateLimiter } from "../../src/bot/rate-limit.js";
import { createRag, silentLogger } from "../../src/rag/index.js";
import { article, copyBundledCorpus, makeTempDir, writeFiles } from "../support/corpus.js";
import { createFakeEmbedder } from "../support/fake-embedder.js";
import {
  addArticleCommand,
  APP_ID,
  autocomplete,
  booleanOption,
  buttonClick,
  chatInput,
  FakeDiscord,
  GUILD_ID,
  MANAGE_GUILD,
  messageContext,
  stringOption,
} from "../support/fake-discord.js";
import { callback, finalEdit, MODERATOR, send, startWorld, stopWorld, type World } from "../support/bot-world.js";

const US = "us-claims-north-korea-sold-arms-to-wagner";
const EPHEMERAL = 64;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});

describe("the bot against a local Discord", () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(() => stopWorld(w));

  it("GIVEN deploy-commands THEN every command is registered to the guild, moderator ones behind Manage Server", async () => {
    const before = w.discord.calls.length;
    const result = await deployCommands(w.config.discord, COMMAND_DEFINITIONS);
    expect(result).toEqual({ scope: `server ${GUILD_ID}`, count: 13 });
    const put = w.discord.calls
      .slice(before)
      .find((c) => c.method === "PUT" && c.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`)!;
    expect(put.auth).toBe(`Bot ${w.discord.token}`);
    const byName = new Map((put.body as any[]).map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual([
      "Ask the articles",
      "add-article",
      "articles",
      "ask",
      "export",
      "forget-me",
      "insights",
      "reindex",
      "remove-article",
      "search",
      "settings",
      "sources",
      "status",
    ]);
    expect(byName.get("ask").options.map((o: any) => [o.name, o.required ?? false, o.autocomplete ?? false])).toEqual([
      ["question", true, false],
      ["article", false, true],
      ["private", false, false],
    ]);
    for (const name of ["reindex", "add-article", "remove-article", "sources", "insights", "settings", "export"])
      expect(byName.get(name).default_member_permissions).toBe(MANAGE_GUILD);
    for (const name of ["ask", "search", "articles", "status", "forget-me"])
      expect(byName.get(name).default_member_permissions ?? null).toBeNull();
    expect(byName.get("Ask the articles").type).toBe(3);
    for (const c of put.body as any[]) {
      expect(c.name.length).toBeLessThanOrEqual(32);
      if (c.description) expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });

  it("GIVEN npm start THEN it registers the commands when Discord's differ, and a start with the same ones only reads them", async () => {
    const route = `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`;
    // The world's own start found none registered, as a newcomer's first start does.
    const atFirstStart = w.discord.calls.filter((c) => c.path === route).slice(0, 2);
    expect(atFirstStart.map((c) => c.method)).toEqual(["GET", "PUT"]);
    expect((atFirstStart[1]!.body as unknown[]).length).toBe(COMMAND_DEFINITIONS.length);
    const again = createBot(w.config, w.rag, silentLogger, { globalRequestsPerSecond: 10_000 });
    const before = w.discord.calls.length;
    try {
      await again.start();
      expect(
        w.discord.calls
          .slice(before)
          .filter((c) => c.path === route)
          .map((c) => c.method),
      ).toEqual(["GET"]);
    } finally {
      await again.shutdown();
    }
  });

  it("GIVEN /ask THEN it is deferred at once and edited into an embed with citations, sources and buttons", async () => {
    const i = send(
      w,
      chatInput("ask", [stringOption("question", "Who is the US National Security spokesperson quoted about the arms sales?")]),
    );
    const ack = await callback(w, i);
    expect(ack.body).toMatchObject({ type: 5 });
    expect(ack.body.data?.flags ?? 0).toBe(0);
    const final = await finalEdit(w, i);
    const embed = final.body.embeds[0];
    expect(embed.description).toMatch(/John Kirby[^\n]*\[1\]/);
    expect(embed.description).toMatch(/\*\*Sources\*\*\n\*\*\[1\]\*\* US Claims North Korea Sold Arms to Russian Wagner Mercs/);
    expect(embed.footer.text).toMatch(/^3 articles · index updated/);
    expect(final.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const ids = final.body.components[0].components.map((b: any) => b.custom_id);
    expect(ids).toEqual([expect.stringMatching(/^quotes:/), expect.stringMatching(/^fb:up:/), expect.stringMatching(/^fb:down:/)]);
  });

  it("GIVEN private:true THEN the deferral is ephemeral", async () => {
    const i = send(w, chatInput("ask", [stringOption("question", "Who heads the Wagner Group?"), booleanOption("private", true)]));
    expect((await callback(w, i)).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    await finalEdit(w, i);
  });

  it("GIVEN the Quotes and feedback buttons THEN quotes come back privately and a vote is stored", async () => {
    const i = send(
      w,
      chatInput("ask", [stringOption("question", "Why was Prigozhin nicknamed Putin's Chef?")], { userId: "300000000000000042" }),
    );
    const final = await finalEdit(w, i);
    const [quotesId, upId] = final.body.components[0].components.map((b: any) => b.custom_id);

    const q = send(w, buttonClick(quotesId));
    const quotes = await callback(w, q);
    expect(quotes.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
    const field = quotes.body.data.embeds[0].fields[0];
    expect(field.name).toMatch(/^\[1\] US Claims/);
    expect(field.value).toMatch(/^> .*catering/);

    const up = send(w, buttonClick(upId, { userId: "300000000000000042" }));
    expect((await callback(w, up)).body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    // Stored in the question log with the question, the answer, the server and the user's keyed hash.
    const questions = w.bot.ctx.questions!;
    const key = upId.split(":")[2];
    const logged = await questions.get(key);
    expect(logged).toMatchObject({ server: GUILD_ID, question: "Why was Prigozhin nicknamed Putin's Chef?", cited: [{ id: US }] });
    expect(logged!.answer).toMatch(/catering/);
    expect(logged!.user).toBe(questions.userHash("300000000000000042"));
    expect(Date.now() - logged!.at).toBeLessThan(60_000);
    const { votes } = await questions.log.window({ server: GUILD_ID, from: 0, to: Date.now() + 1000 });
    expect(votes.filter((v) => v.questionId === key)).toEqual([
      expect.objectContaining({ vote: "up", user: questions.userHash("300000000000000042") }),
    ]);
    // User ids and questions: the bot's own user only.
    expect(statSync(join(w.config.dataDir, "questions.db")).mode & 0o777).toBe(0o600);
    expect(statSync(w.config.dataDir).mode & 0o777).toBe(0o700);
  });

  it("GIVEN one user clicking 👍 many times, then 👎 THEN one vote counts, its change is said, and a reason can follow", async () => {
    const i = send(w, chatInput("ask", [stringOption("question", "Who is John Kirby?")], { userId: "300000000000000043" }));
    const final = await finalEdit(w, i);
    const [, upId, downId] = final.body.components[0].components.map((b: any) => b.custom_id);
    const key = upId.split(":")[2];
    const questions = w.bot.ctx.questions!;
    const votesOn = async () =>
      (await questions.log.window({ server: GUILD_ID, from: 0, to: Date.now() + 1000 })).votes.filter((v) => v.questionId === key);
    const said: any[] = [];
    for (const id of [upId, upId, upId, upId, upId, downId, downId]) {
      const click = send(w, buttonClick(id, { userId: "300000000000000043" }));
      said.push((await callback(w, click)).body.data);
    }
    expect(said[1].embeds[0].description).toMatch(/already voted 👍/);
    // The change to 👎 asks why, privately, with four choices.
    expect(said[5].embeds[0].description).toMatch(/What was wrong with it/);
    expect(said[5].components[0].components.map((b: any) => b.label)).toEqual(["Wrong", "Not in the articles", "Outdated", "Badly cited"]);
    expect(said[6].embeds[0].description).toMatch(/already voted 👎/);
    expect(await votesOn()).toEqual([expect.objectContaining({ vote: "down", reason: undefined })]);
    const why = send(w, buttonClick(said[5].components[0].components[2].custom_id, { userId: "300000000000000043" }));
    expect((await callback(w, why)).body.data.embeds[0].description).toMatch(/Noted: outdated/);
    expect(await votesOn()).toEqual([expect.objectContaining({ vote: "down", reason: "outdated" })]);
    // Another user's vote on the same answer is theirs.
    const other = send(w, buttonClick(upId, { userId: "300000000000000044" }));
    await callback(w, other);
    expect((await votesOn()).map((v) => v.vote).sort()).toEqual(["down", "up"]);
  });

  it("GIVEN a button of a forgotten answer THEN it says the answer expired", async () => {
    const b = send(w, buttonClick("quotes:nope"));
    expect((await callback(w, b)).body.data.embeds[0].description).toMatch(/no longer kept/);
  });

  it("GIVEN autocomplete on the article option THEN matching titles come back within Discord's limits", async () => {
    const a = send(w, autocomplete("ask", "article", "wagner"));
    const reply = await callback(w, a);
    expect(reply.body.type).toBe(8);
    const choices = reply.body.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
      expect(c.name.toLowerCase()).toContain("wagner");
    }
  });

  it("GIVEN /ask scoped to an article THEN only that article is cited", async () => {
    const i = send(
      w,
      chatInput("ask", [
        stringOption("question", "What did Ingram say?"),
        stringOption("article", "wagner-group-north-korean-weapons-ukraine"),
      ]),
    );
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].description).not.toMatch(/US Claims/);
  });

  it("GIVEN 'Ask the articles' on a message THEN its text is checked against the articles", async () => {
    const i = send(w, messageContext("North Korea sold rockets to Wagner, says John Kirby."));
    expect((await callback(w, i)).body.type).toBe(5);
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].title).toMatch(/^What the articles say about: “North Korea sold rockets/);
    expect(final.body.embeds[0].description).toMatch(/\[1\]/);
  });

  it("GIVEN /search THEN the top passages come back privately, each with its article", async () => {
    const i = send(w, chatInput("search", [stringOption("query", "Putin's chef")]));
    expect((await callback(w, i)).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].fields[0].name).toBe("1. US Claims North Korea Sold Arms to Russian Wagner Mercs");
  });

  it("GIVEN /articles THEN the indexed articles are listed with outlet and date", async () => {
    const i = send(w, chatInput("articles"));
    const reply = await callback(w, i);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(reply.body.data.embeds[0].description).toMatch(
      /Wagner Group Suspected of Dumping North Korean Weapons Into Ukraine\*\* — Light Wave · 30 July 2023/,
    );
  });

  it("GIVEN /status THEN the index's articles, passages, share embedded, embedder, age and store are shown privately", async () => {
    const i = send(w, chatInput("status"));
    const reply = await callback(w, i);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    const fields = Object.fromEntries(reply.body.data.embeds[0].fields.map((f: any) => [f.name, f.value]));
    const stats = w.rag.stats()!;
    expect(fields).toMatchObject({
      Articles: String(stats.articles),
      Passages: String(stats.passages),
      Embedded: `${stats.passages} (100%)`,
      Embedder: `${stats.embedder} (${stats.dimension} dimensions)`,
      Store: "local files",
    });
    expect(fields["Index updated"]).toMatch(/^\d+ (second|minute)s? ago \(\d+ \w+ \d{4}\)$/);
  });

  it("GIVEN an answer quoting @everyone THEN nobody is pinged", async () => {
    const i = send(w, chatInput("ask", [stringOption("question", "What did the moderators write in the notice about pings?")]));
    const final = await finalEdit(w, i);
    expect(final.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(final.body.embeds[0].description).toMatch(/@\u200beveryone/);
    expect(final.body.content ?? "").not.toMatch(/@everyone|@here|<@/);
  });

  it("GIVEN a user searching past their budget THEN /search says so privately, and their questions are a budget apart", async () => {
    const previous = w.bot.ctx.searchLimiter;
    w.bot.ctx.searchLimiter = new UserRateLimiter(2);
    try {
      const user = { userId: "300000000000000056" };
      const searches = [1, 2, 3].map(() => send(w, chatInput("search", [stringOption("query", "Wagner weapons")], user)));
      const third = await callback(w, searches[2]!);
      expect(third.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
      expect(third.body.data.embeds[0].description).toMatch(/2 searches a minute/);
      await finalEdit(w, searches[0]!);
      await finalEdit(w, searches[1]!);
      // Searching used none of the user's questions.
      const ask = send(w, chatInput("ask", [stringOption("question", "Who heads the Wagner Group?")], user));
      expect((await finalEdit(w, ask)).body.embeds[0].description).toMatch(/Prigozhin/);
    } finally {
      w.bot.ctx.searchLimiter = previous;
    }
  });

  it("GIVEN a question the articles do not cover THEN it is shown as such, without sources", async () => {
    const i = send(w, chatInput("ask", [stringOption("question", "What is the capital of Australia?")]));
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].description).toMatch(/^The articles do not cover this question\./);
    expect(final.body.embeds[0].description).not.toMatch(/Sources/);
    expect(final.body.components[0].components.map((b: any) => b.custom_id)).toEqual([
      expect.stringMatching(/^fb:up:/),
      expect.stringMatching(/^fb:down:/),
    ]);
  });

  it("GIVEN a user over the cooldown THEN they get a short private note, not silence", async () => {
    const previous = w.bot.ctx.limiter;
    w.bot.ctx.limiter = new UserRateLimiter(2);
    try {
      const user = { userId: "300000000000000055" };
      const asks = [1, 2, 3].map(() => send(w, chatInput("ask", [stringOption("question", "Who heads the Wagner Group?")], user)));
      const third = await callback(w, asks[2]!);
      expect(third.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
      expect(third.body.data.embeds[0].description).toMatch(/2 questions a minute/);
      await finalEdit(w, asks[0]!);
      await finalEdit(w, asks[1]!);
    } finally {
      w.bot.ctx.limiter = previous;
    }
  });

  it("GIVEN 100 concurrent /ask interactions THEN every one is answered, with no error", async () => {
    const asks = Array.from({ length: 100 }, (_, n) =>
      send(
        w,
        chatInput("ask", [stringOption("question", n % 2 ? "Who heads the Wagner Group?" : "How many civilians were killed in Moura?")], {
          userId: `4000000000000${String(n).padStart(5, "0")}`,
        }),
      ),
    );
    const finals = await Promise.all(asks.map((i) => finalEdit(w, i)));
    expect(finals).toHaveLength(100);
    for (const f of finals) expect(f.body.embeds[0].description).toMatch(/\[1\]/);
    expect(w.errors).toEqual([]);
  });
});

describe("moderator commands", () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({ MAX_UPLOAD_BYTES: "2048" }, { slowEmbedMs: 150 });
  });
  afterAll(() => stopWorld(w));

  it("GIVEN /reindex without Manage Server THEN it is refused privately", async () => {
    const i = send(w, chatInput("reindex", [], { permissions: "0" }));
    const reply = await callback(w, i);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(reply.body.data.embeds[0].description).toMatch(/Manage Server/);
  });

  it("GIVEN /reindex full by a moderator THEN /ask interactions sent meanwhile are all answered and the report follows", async () => {
    const r = send(w, chatInput("reindex", [booleanOption("full", true)], MODERATOR));
    expect((await callback(w, r)).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const asks = Array.from({ length: 10 }, () => send(w, chatInput("ask", [stringOption("question", "Who heads the Wagner Group?")])));
    const answered = await Promise.all(asks.map((i) => finalEdit(w, i)));
    const report = await finalEdit(w, r);
    expect(report.body.embeds[0].title).toBe("Reindex finished");
    expect(report.body.embeds[0].description).toMatch(/Rebuilt in full/);
    // Lexical first: the reply said when the articles could be found, before the report.
    const searchable = w.discord.calls.find(
      (c) => c.method === "PATCH" && c.path.includes(r.token) && /^Searchable now: \d+ articles/.test(c.body?.content ?? ""),
    );
    expect(searchable).toBeDefined();
    expect(w.discord.calls.indexOf(searchable!)).toBeLessThan(w.discord.calls.indexOf(report));
    expect(report.body.content).toBe("");
    // The questions were answered from the old index while the new one was being built.
    const reportAt = w.discord.calls.indexOf(report);
    expect(answered.filter((a) => w.discord.calls.indexOf(a) < reportAt).length).toBeGreaterThan(0);
    for (const a of answered) expect(a.body.embeds[0].description).toMatch(/Prigozhin/);
  });

  it("GIVEN a second /reindex while one runs THEN it is told so", async () => {
    const first = send(w, chatInput("reindex", [booleanOption("full", true)], MODERATOR));
    await callback(w, first);
    const second = send(w, chatInput("reindex", [], MODERATOR));
    const told = await finalEdit(w, second);
    expect(told.body.embeds[0].description).toMatch(/already running/);
    await finalEdit(w, first);
  });

  it("GIVEN /add-article with a good file THEN it is stored under a generated name and indexed", async () => {
    const i = send(
      w,
      addArticleCommand(
        w.discord,
        "my notes.md",
        article("Harbour Ice Report", "The harbour froze solid in January, said the port authority."),
        MODERATOR,
      ),
    );
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].title).toMatch(/^Added “Harbour Ice Report” \(id added\/harbour-ice-report\)/);
    expect(existsSync(join(w.corpusDir, "added/harbour-ice-report.md"))).toBe(true);
    const ask = send(w, chatInput("ask", [stringOption("question", "When did the harbour freeze solid?")]));
    expect((await finalEdit(w, ask)).body.embeds[0].description).toMatch(/January/);
  });

  it("GIVEN a file named ../../etc/passwd THEN it is renamed into the corpus and nothing is written outside it", async () => {
    const outside = readdirSync(dirname(w.corpusDir)).sort();
    const i = send(w, addArticleCommand(w.discord, "../../etc/passwd.txt", "Passwd Notes\nA short text about ice roads.", MODERATOR));
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].title).toMatch(/added\/passwd-notes/);
    expect(existsSync(join(w.corpusDir, "added/passwd-notes.txt"))).toBe(true);
    expect(readdirSync(dirname(w.corpusDir)).sort()).toEqual(outside);
  });

  it.each([
    ["a file over the size limit", "big.md", "x".repeat(3000), /limit is 2 KB/],
    ["a wrong type", "tool.exe", "MZ", /Only \.md, .* files can be added/],
    ["a file with no title", "untitled.md", "---\nauthor: X\n---\nBody.", /title/],
  ])("GIVEN %s THEN it is rejected with the reason and the corpus is unchanged", async (_name, fileName, body, reason) => {
    const before = readdirSync(w.corpusDir, { recursive: true }).map(String).sort();
    const i = send(w, addArticleCommand(w.discord, fileName, body, MODERATOR));
    const reply = await w.discord.waitFor(
      (c) => (c.path.startsWith(`/interactions/${i.id}/`) && c.body?.type === 4) || (c.method === "PATCH" && c.path.includes(i.token)),
    );
    const embed = (reply.body.data ?? reply.body).embeds[0];
    expect(embed.description).toMatch(reason);
    expect(readdirSync(w.corpusDir, { recursive: true }).map(String).sort()).toEqual(before);
  });

  it.each([["data:text/plain,Notes%0AText."], ["http://169.254.169.254/latest/meta-data/"]])(
    "GIVEN /add-article whose attachment URL is %s THEN it is refused, nothing fetched or written",
    async (url) => {
      const before = readdirSync(w.corpusDir, { recursive: true }).map(String).sort();
      const i = addArticleCommand(w.discord, "notes.txt", "Notes\nText.", MODERATOR) as {
        data: { resolved: { attachments: Record<string, { url: string }> } };
      };
      for (const a of Object.values(i.data.resolved.attachments)) a.url = url;
      send(w, i as never);
      const reply = await callback(w, i as never);
      expect(reply.body.data.embeds[0].description).toMatch(/does not come from Discord's file servers/);
      expect(readdirSync(w.corpusDir, { recursive: true }).map(String).sort()).toEqual(before);
    },
  );

  it("GIVEN /add-article without Manage Server THEN nothing is downloaded or written", async () => {
    const before = w.discord.calls.length;
    const i = send(w, addArticleCommand(w.discord, "x.md", article("Sneaky", "Text."), { permissions: "0" }));
    expect((await callback(w, i)).body.data.embeds[0].description).toMatch(/Manage Server/);
    expect(w.discord.calls.slice(before).some((c) => c.path.startsWith("/attachments"))).toBe(false);
    expect(existsSync(join(w.corpusDir, "added/sneaky.md"))).toBe(false);
  });

  it("GIVEN four /add-article at once with one title THEN every reply that says Added names a file that is there, and ask finds each", async () => {
    const sends = [1, 2, 3, 4].map((n) =>
      send(
        w,
        addArticleCommand(
          w.discord,
          `log-${n}.md`,
          article("Keeper's Log", `Entry ${n}: the keeper logged ${n}0 knots of wind at the cape.`),
          MODERATOR,
        ),
      ),
    );
    const titles = await Promise.all(sends.map(async (i) => (await finalEdit(w, i, 30_000)).body.embeds[0].title as string));
    const added = titles.filter((t) => t.startsWith("Added "));
    expect(added).toHaveLength(4);
    for (const title of added) {
      const id = /\(id ([^)]+)\)/.exec(title)![1]!;
      expect(existsSync(join(w.corpusDir, `${id}.md`))).toBe(true);
      expect(w.rag.listArticles().map((a) => a.id)).toContain(id);
    }
    const ask = send(w, chatInput("ask", [stringOption("question", "How many knots of wind did the keeper log at the cape?")]));
    expect((await finalEdit(w, ask)).body.embeds[0].description).toMatch(/knots/);
  });

  it("GIVEN one user's autocompletes faster than a person types THEN the excess get no choices at once, and another user is served", async () => {
    // The bot's own budget (10 a second), on a clock that stands still: the burst is one instant however slow the machine.
    const previous = w.bot.ctx.autocompleteLimiter;
    w.bot.ctx.autocompleteLimiter = new UserRateLimiter(10, 1000, () => 1_000_000);
    try {
      const user = { userId: "300000000000000061" };
      const burst = Array.from({ length: 14 }, () => send(w, autocomplete("ask", "article", "wagner", user)));
      const replies = await Promise.all(burst.map((i) => callback(w, i)));
      const counts = replies.map((r) => r.body.data.choices.length);
      expect(counts.filter((n) => n > 0)).toHaveLength(10);
      expect(counts.filter((n) => n === 0)).toHaveLength(4);
      const other = send(w, autocomplete("ask", "article", "wagner", { userId: "300000000000000062" }));
      expect((await callback(w, other)).body.data.choices.length).toBeGreaterThan(0);
    } finally {
      w.bot.ctx.autocompleteLimiter = previous;
    }
  });

  it("GIVEN /remove-article THEN the article and its passages are gone", async () => {
    const complete = send(w, autocomplete("remove-article", "article", "light wave", MODERATOR));
    expect((await callback(w, complete)).body.data.choices).toEqual([]);
    const byTitle = send(w, autocomplete("remove-article", "article", "dumping", MODERATOR));
    const choice = (await callback(w, byTitle)).body.data.choices[0];
    expect(choice.value).toBe("wagner-group-north-korean-weapons-ukraine");
    const i = send(w, chatInput("remove-article", [stringOption("article", choice.value)], MODERATOR));
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].title).toBe(
      "Removed “Wagner Group Suspected of Dumping North Korean Weapons Into Ukraine” (id wagner-group-north-korean-weapons-ukraine)",
    );
    expect(w.rag.listArticles().map((a) => a.id)).not.toContain(choice.value);
    expect(existsSync(join(w.corpusDir, "wagner-group-north-korean-weapons-ukraine.md"))).toBe(false);
  });
});

describe("a restart during /reindex", () => {
  it("GIVEN the bot stops while the reindex embeds THEN its reply says what became of it, not 'embedding' forever", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`tide-${i}.md`] = article(`Tide table ${i}`, `Tide table ${i} lists the high water at pier ${i}.`);
    const w = await startWorld({ SHUTDOWN_GRACE_MS: "100" }, { slowEmbedMs: 400 });
    try {
      writeFiles(w.corpusDir, files);
      const i = send(w, chatInput("reindex", [], MODERATOR));
      await w.discord.waitFor(
        (c) => c.method === "PATCH" && c.path.includes(i.token) && /Searchable now/.test(c.body.content ?? ""),
        30_000,
      );
      await w.bot.shutdown();
      const last = w.discord.calls.filter((c) => c.method === "PATCH" && c.path.includes(i.token)).at(-1)!;
      expect(last.body.content).toMatch(/^Searchable now: .*\nThe bot is restarting, so the embedding stops here/s);
    } finally {
      await w.discord.stop();
    }
  });
});

describe("a corpus left with no article", () => {
  it("GIVEN /reindex when every article file is gone THEN the moderator reads why, never the server's folder", async () => {
    const w = await startWorld();
    try {
      for (const f of readdirSync(w.corpusDir)) rmSync(join(w.corpusDir, f), { recursive: true, force: true });
      const i = send(w, chatInput("reindex", [], MODERATOR));
      const reply = await w.discord.waitFor(
        (c) => c.method === "PATCH" && c.path.includes(i.token) && (c.body.embeds ?? []).length > 0,
        20_000,
      );
      const text = JSON.stringify(reply.body);
      expect(text).toMatch(/No valid article in the corpus/);
      expect(text).not.toContain(w.corpusDir);
    } finally {
      await stopWorld(w);
    }
  });
});

describe("start-up and shutdown", () => {
  it("GIVEN a bad token THEN start-up fails with a clear message", async () => {
    const discord = new FakeDiscord();
    await discord.start();
    try {
      const config = loadBotConfig({
        CORPUS_DIR: copyBundledCorpus(),
        INDEX_DIR: join(makeTempDir(), "i"),
        DISCORD_TOKEN: "wrong-token-wrong-token-wrong",
        DISCORD_CLIENT_ID: APP_ID,
        DISCORD_API_BASE: discord.apiBase,
      });
      const rag = await createRag(config.core, { embedder: createFakeEmbedder() });
      const bot = createBot(config, rag, silentLogger);
      await expect(bot.start()).rejects.toThrow(/Discord rejected the bot token \(DISCORD_TOKEN\)/);
      await bot.client.destroy();
      expect(discord.calls.some((c) => c.path === "/gateway/bot")).toBe(true);
    } finally {
      await discord.stop();
    }
  });

  it("GIVEN missing settings THEN every one is named", () => {
    expect(() => loadBotConfig({ DISCORD_CLIENT_ID: "abc", SEARCH_TOP_K: "x" })).toThrow(
      /DISCORD_TOKEN[\s\S]*DISCORD_CLIENT_ID|SEARCH_TOP_K[\s\S]*DISCORD_TOKEN/,
    );
    try {
      loadBotConfig({ DISCORD_CLIENT_ID: "abc", SEARCH_TOP_K: "x" });
    } catch (e) {
      const text = String(e);
      for (const key of ["DISCORD_TOKEN", "DISCORD_CLIENT_ID", "SEARCH_TOP_K"]) expect(text).toContain(key);
    }
  });

  it("GIVEN shutdown while an answer is in flight THEN the answer still arrives, then the client stops", async () => {
    const w = await startWorld();
    try {
      const slowAsk = w.rag.ask.bind(w.rag);
      w.rag.ask = async (q, o) => {
        await new Promise((r) => setTimeout(r, 300));
        return slowAsk(q, o);
      };
      const i = send(w, chatInput("ask", [stringOption("question", "Who heads the Wagner Group?")]));
      await callback(w, i);
      await w.bot.shutdown();
      expect((await finalEdit(w, i)).body.embeds[0].description).toMatch(/Prigozhin/);
      expect(w.bot.client.isReady()).toBe(false);
    } finally {
      await w.discord.stop();
    }
  });
});
