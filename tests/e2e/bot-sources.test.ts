import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ApplicationCommandOptionType, type APIApplicationCommandInteractionDataOption } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callback, finalEdit, MODERATOR, send, startWorld, stopWorld, type World } from "../support/bot-world.js";
import { addArticleCommand, autocomplete, chatInput, stringOption } from "../support/fake-discord.js";
import { makePdf } from "../../src/cli/bench/make-pdf.js";
import { makeDocx } from "../support/make-docx.js";
import { createLogger } from "../../src/rag/index.js";
import { articlePage, filler, rssFeed, TestSite } from "../support/test-site.js";

const site = new TestSite();
let w: World;

const subcommand = (name: string, options: APIApplicationCommandInteractionDataOption[] = []) =>
  ({ name, type: ApplicationCommandOptionType.Subcommand, options }) as APIApplicationCommandInteractionDataOption;

beforeAll(async () => {
  await site.start();
  site.set({
    "/news/ferry": {
      body: articlePage({
        title: "Ferry",
        paragraphs: ["The Arden ferry will run every 20 minutes from 1 July, the harbour office said.", ...filler("the ferry timetable")],
        jsonLd: {
          "@type": "NewsArticle",
          headline: "Ferry to run every 20 minutes @everyone **from July**",
          author: { "@type": "Person", name: "Rita Moss" },
          publisher: { "@type": "Organization", name: "Harbour Herald" },
          datePublished: "2025-06-12",
        },
      }),
      type: "text/html",
    },
    "/news/pier": {
      body: articlePage({ title: "Pier lights", paragraphs: ["New lights went up on the Arden pier.", ...filler("the pier lights")] }),
      type: "text/html",
    },
    "/news/jetty": {
      body: articlePage({ title: "Jetty repaired", paragraphs: ["The Arden jetty reopened after repairs.", ...filler("the jetty")] }),
      type: "text/html",
    },
  });
  site.set({
    "/feed.xml": {
      body: rssFeed([
        { title: "Pier lights", link: `${site.url}/news/pier`, pubDate: "Mon, 02 Jun 2025 10:00:00 GMT" },
        { title: "Jetty repaired", link: `${site.url}/news/jetty`, pubDate: "Tue, 03 Jun 2025 10:00:00 GMT" },
      ]),
      type: "application/rss+xml",
    },
  });
  w = await startWorld({ FETCH_ALLOW_HOSTS: "127.0.0.1", FETCH_DELAY_MS: "0", SYNC_CHECK_SECONDS: "0" });
});
afterAll(async () => {
  await stopWorld(w);
  await site.stop();
});

describe("articles from where they live, through Discord", () => {
  it("GIVEN /add-article url: THEN the reply shows what was understood, escaped, and /ask cites it", async () => {
    const i = send(w, chatInput("add-article", [stringOption("url", `${site.url}/news/ferry`)], MODERATOR));
    const reply = await finalEdit(w, i);
    const embed = reply.body.embeds[0];
    expect(embed.title).toBe("Added: Ferry to run every 20 minutes @\u200beveryone \\*\\*from July\\*\\*");
    expect(embed.fields).toEqual(
      expect.arrayContaining([
        { name: "Outlet", value: "Harbour Herald", inline: true },
        { name: "Date", value: "12 June 2025", inline: true },
        { name: "Author", value: "Rita Moss", inline: true },
        { name: "Stored as", value: "web/127-0-0-1/news-ferry.md", inline: true },
      ]),
    );
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const ask = send(w, chatInput("ask", [stringOption("question", "How often will the Arden ferry run from July?")]));
    expect((await finalEdit(w, ask)).body.embeds[0].description).toMatch(/every 20 minutes/);
  });

  it.each([
    ["both a url and a file missing", [], /either a link \(url\) or a file/],
    ["a private address", [stringOption("url", "http://169.254.169.254/latest/meta-data/")], /link-local/],
    ["a page that is not there", [stringOption("url", "/news/none")], /answered HTTP 404; nothing was added/],
  ])("GIVEN /add-article with %s THEN it is refused with why, nothing written", async (_name, options, reason) => {
    const before = readdirSync(w.corpusDir, { recursive: true }).map(String).sort();
    const fixed = options.map((o) => ({ ...o, value: String((o as { value: string }).value).replace(/^\//, `${site.url}/`) }));
    const i = send(w, chatInput("add-article", fixed as never, MODERATOR));
    const reply = await w.discord.waitFor(
      (c) => (c.path.startsWith(`/interactions/${i.id}/`) && c.body?.type === 4) || (c.method === "PATCH" && c.path.includes(i.token)),
    );
    expect((reply.body.data ?? reply.body).embeds[0].description).toMatch(reason);
    expect(readdirSync(w.corpusDir, { recursive: true }).map(String).sort()).toEqual(before);
  });

  it.each([
    [
      "a PDF",
      "harbour-report.pdf",
      () =>
        Promise.resolve(
          makePdf({
            pages: [["Harbour dues report", "Harbour dues rose to 14 pounds a tonne in 2025, the board said."]],
            info: { title: "Harbour dues report" },
          }),
        ),
      /harbour dues/i,
    ],
    [
      "a Word document",
      "minutes.docx",
      () =>
        makeDocx(["Pier committee minutes", "The pier committee agreed to repaint the lighthouse in red."], {
          title: "Pier committee minutes",
        }),
      /lighthouse/,
    ],
  ])("GIVEN /add-article with %s uploaded THEN it is stored, indexed and answered from", async (_name, fileName, make, answer) => {
    const i = send(w, addArticleCommand(w.discord, fileName, await make(), MODERATOR));
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].title).toMatch(/^Added “(Harbour dues report|Pier committee minutes)”/);
    expect(
      existsSync(join(w.corpusDir, `added/${fileName.includes("pdf") ? "harbour-dues-report.pdf" : "pier-committee-minutes.docx"}`)),
    ).toBe(true);
    const ask = send(
      w,
      chatInput("ask", [
        stringOption(
          "question",
          fileName.includes("pdf") ? "How much were harbour dues in 2025?" : "What colour will the lighthouse be repainted?",
        ),
      ]),
    );
    expect((await finalEdit(w, ask)).body.embeds[0].description).toMatch(answer);
  });

  it("GIVEN /add-article url: from a member without Manage Server THEN nothing is fetched", async () => {
    const before = site.requests.length;
    const i = send(w, chatInput("add-article", [stringOption("url", `${site.url}/news/pier`)], { permissions: "0" }));
    expect((await callback(w, i)).body.data.embeds[0].description).toMatch(/Manage Server/);
    expect(site.requests.length).toBe(before);
  });

  it("GIVEN /sources add, list, sync and remove THEN the feed is followed, its articles synced and reported, then dropped", async () => {
    const add = send(w, chatInput("sources", [subcommand("add", [stringOption("url", `${site.url}/feed.xml`)])], MODERATOR));
    expect((await finalEdit(w, add)).body.embeds[0].description).toMatch(/Added the source .*: RSS feed "Site news", 2 items/);

    const list = send(w, chatInput("sources", [subcommand("list")], MODERATOR));
    expect((await callback(w, list)).body.data.embeds[0].description).toMatch(
      /\*\*feed\*\* <http:\/\/127\.0\.0\.1:\d+\/feed\.xml> · hourly by default · never synced/,
    );

    const typed = send(w, autocomplete("sources", "url", "feed", MODERATOR));
    expect((await callback(w, typed)).body.data.choices).toEqual([{ name: `${site.url}/feed.xml`, value: `${site.url}/feed.xml` }]);
    const stranger = send(w, autocomplete("sources", "url", "feed", { permissions: "0" }));
    expect((await callback(w, stranger)).body.data.choices).toEqual([]);

    const sync = send(w, chatInput("sources", [subcommand("sync")], MODERATOR));
    const report = (await finalEdit(w, sync, 20_000)).body.embeds[0];
    expect(report.title).toBe("Sync finished");
    expect(report.description).toMatch(/2 new, 0 updated, 0 unchanged, 0 failed/);
    expect(report.description).toContain("• Jetty repaired");
    expect(existsSync(join(w.corpusDir, "web/127-0-0-1/news-jetty.md"))).toBe(true);
    const ask = send(w, chatInput("ask", [stringOption("question", "What reopened after repairs in Arden?")]));
    expect((await finalEdit(w, ask)).body.embeds[0].description).toMatch(/jetty/i);

    const remove = send(w, chatInput("sources", [subcommand("remove", [stringOption("url", `${site.url}/feed.xml`)])], MODERATOR));
    expect((await finalEdit(w, remove)).body.embeds[0].description).toMatch(/Removed the source .* Its articles stay/);
    expect(existsSync(join(w.corpusDir, "web/127-0-0-1/news-jetty.md"))).toBe(true);
  });

  it("GIVEN /sources from a member without Manage Server THEN it is refused and the list is unchanged", async () => {
    const i = send(w, chatInput("sources", [subcommand("add", [stringOption("url", `${site.url}/feed.xml`)])], { permissions: "0" }));
    expect((await callback(w, i)).body.data.embeds[0].description).toMatch(/Manage Server/);
    expect((await w.rag.sources.list()).sources).toEqual([]);
  });
});

describe("the bot's sync schedule", () => {
  it("GIVEN a source that was never synced THEN the bot syncs it on its own within SYNC_CHECK_SECONDS, and logs what changed", async () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", format: "json", stream: { write: (line: string) => lines.push(line) } });
    const scheduled = await startWorld({ FETCH_ALLOW_HOSTS: "127.0.0.1", FETCH_DELAY_MS: "0", SYNC_CHECK_SECONDS: "1" }, { log });
    try {
      await scheduled.rag.sources.add({ url: `${site.url}/feed.xml` });
      const started = Date.now();
      while (!existsSync(join(scheduled.corpusDir, "web/127-0-0-1/news-pier.md")) && Date.now() - started < 15_000) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(existsSync(join(scheduled.corpusDir, "web/127-0-0-1/news-pier.md"))).toBe(true);
      const finished = () => lines.map((l) => JSON.parse(l)).find((l) => l.msg === "scheduled sync finished");
      while (!finished() && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 100));
      expect(finished()).toMatchObject({ sources: 1, new: 2, failed: 0 });
    } finally {
      await stopWorld(scheduled);
    }
  });

  it("GIVEN a server's own source and report channel THEN the bot syncs it into that server's library and posts the report there", async () => {
    const SERVER = "200000000000000021";
    const REPORTS = "200000000000000022";
    const scheduled = await startWorld({ FETCH_ALLOW_HOSTS: "127.0.0.1", FETCH_DELAY_MS: "0", SYNC_CHECK_SECONDS: "1" });
    try {
      const moderator = { ...MODERATOR, guildId: SERVER };
      const add = send(scheduled, chatInput("sources", [subcommand("add", [stringOption("url", `${site.url}/feed.xml`)])], moderator));
      expect((await finalEdit(scheduled, add)).body.embeds[0].description).toMatch(/^Added the source/);
      const set = send(
        scheduled,
        chatInput("settings", [subcommand("set", [{ name: "report_channel", type: 7, value: REPORTS } as never])], moderator, {
          channels: { [REPORTS]: { id: REPORTS, type: 0, name: "reports", permissions: "0" } },
        }),
      );
      expect((await finalEdit(scheduled, set)).body.embeds[0].description).toMatch(/Sync reports go to\*\*: <#/);
      const report = await scheduled.discord.waitFor((c) => c.method === "POST" && c.path === `/channels/${REPORTS}/messages`, 15_000);
      expect(JSON.stringify(report.body.embeds)).toMatch(/2 new/);
      expect(report.body.allowed_mentions).toEqual({ parse: [] });
      const stored = join(scheduled.config.dataDir, "servers", SERVER, "corpus", "web/127-0-0-1/news-pier.md");
      expect(existsSync(stored)).toBe(true);
      expect(existsSync(join(scheduled.corpusDir, "web/127-0-0-1/news-pier.md"))).toBe(false);
      const ask = send(scheduled, chatInput("ask", [stringOption("question", "What went up on the Arden pier?")], { guildId: SERVER }));
      expect((await finalEdit(scheduled, ask)).body.embeds[0].description).toMatch(/\*\*\[1\]\*\* Pier lights/);
    } finally {
      await stopWorld(scheduled);
    }
  });
});
