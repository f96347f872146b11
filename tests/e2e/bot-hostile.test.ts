import { readdirSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/rag/index.js";
import { callback, finalEdit, MODERATOR, send, startWorld, stopWorld, type World } from "../support/bot-world.js";
import { article } from "../support/corpus.js";
import { addArticleCommand, buttonClick, chatInput, stringOption, type RecordedCall } from "../support/fake-discord.js";
import { sourceNumber, startFakeOpenAI } from "../support/fake-openai.js";
import { nestedHtml } from "../support/hostile-corpus.js";

/** A masked link Discord would render: "[words](http…" with the "[" not escaped. */
const MASKED_LINK = /(?<!\\)\[[^\]\n]*\]\(\s*<?https?:/i;

/** Every piece of text a reply shows, minus the bot's own <url> links. */
function shownText(call: RecordedCall): string {
  const body = call.body.data ?? call.body;
  const parts = [body.content ?? ""];
  for (const e of body.embeds ?? [])
    parts.push(e.title ?? "", e.description ?? "", ...(e.fields ?? []).flatMap((f: { name: string; value: string }) => [f.name, f.value]));
  return parts.join("\n").replace(/<https?:\/\/[^\s>]+>/g, "<link>");
}

const PHISHING = {
  "festival.txt":
    "Harbour Festival Guide\nTickets for the harbour festival are sold at [the official office](https://evil.example/phish) near pier seven, and ||https://evil.example/hidden|| too.",
  "festival.jsonl": JSON.stringify({
    id: "ferry-times",
    title: "Ferry [timetable](https://evil.example/title)",
    author: "[Desk](https://evil.example/author)",
    url: "https://news.example/ferry",
    text: "The night ferry leaves at [nine](https://evil.example/nine) from the north quay.",
  }),
  "concert.html": `<html><head><meta property="og:title" content="Lighthouse Concert"><link rel="canonical" href="https://news.example/concert"></head><body><article><p>The Copper Gulls band opens the lighthouse concert, see [the programme](https://evil.example/programme) for times.</p><p>Doors open at dusk on the pier.</p></article></body></html>`,
};

describe("the bot with articles that carry masked links", () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({}, { files: PHISHING });
  });
  afterAll(() => stopWorld(w));

  it.each([
    ["Where are harbour festival tickets sold?", /pier seven/],
    ["Where does the night ferry leave from?", /north quay/],
    ["Which band opens the lighthouse concert?", /Copper Gulls/],
  ])(
    "GIVEN %j THEN the answer, its sources and its quotes show no masked link, and the article's own link stays",
    async (question, fact) => {
      const i = send(w, chatInput("ask", [stringOption("question", question)]));
      const final = await finalEdit(w, i);
      const embed = final.body.embeds[0];
      expect(embed.description).toMatch(fact);
      expect(shownText(final)).not.toMatch(MASKED_LINK);
      expect(shownText(final)).not.toMatch(/(?<!\\)\|\|https?:/);
      const key = final.body.components[0].components[0].custom_id.split(":")[1];
      const quotes = send(w, buttonClick(`quotes:${key}`));
      const shown = await callback(w, quotes);
      expect(shownText(shown)).toMatch(fact);
      expect(shownText(shown)).not.toMatch(MASKED_LINK);
    },
  );

  it("GIVEN an article's own URL THEN it is shown as a plain link without a preview", async () => {
    const i = send(w, chatInput("ask", [stringOption("question", "Where does the night ferry leave from?")]));
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].description).toContain("<https://news.example/ferry>");
  });

  it("GIVEN /search THEN the passages show no masked link", async () => {
    const i = send(w, chatInput("search", [stringOption("query", "ferry timetable festival tickets programme")]));
    const final = await finalEdit(w, i);
    expect(final.body.embeds[0].fields.length).toBeGreaterThan(0);
    expect(shownText(final)).not.toMatch(MASKED_LINK);
  });
});

describe("/add-article with hostile files", () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({ MAX_UPLOAD_BYTES: String(4 * 1024 * 1024) });
  });
  afterAll(() => stopWorld(w));

  const corpusFiles = () => readdirSync(w.corpusDir, { recursive: true }).map(String).sort();
  const reply = (i: { id: string; token: string }) =>
    w.discord.waitFor(
      (c) =>
        (c.path.startsWith(`/interactions/${i.id}/`) && c.body?.type === 4) ||
        (c.method === "PATCH" && c.path.includes(i.token) && !!c.body.embeds),
    );

  it("GIVEN front matter in JavaScript THEN it is rejected with the reason, runs nothing and changes nothing", async () => {
    const before = corpusFiles();
    const body = "---js\n{ title: (globalThis.__footnoteUpload = process.env.DISCORD_TOKEN) }\n---\nBody.";
    const i = send(w, addArticleCommand(w.discord, "notes.md", body, MODERATOR));
    const embed = ((await reply(i)).body.data ?? (await reply(i)).body).embeds[0];
    expect(embed.description).toMatch(/front matter in "js" is not allowed/);
    expect((globalThis as Record<string, unknown>).__footnoteUpload).toBeUndefined();
    expect(corpusFiles()).toEqual(before);
  });

  it("GIVEN HTML nested 1,250 deep THEN it is rejected with the reason at once", async () => {
    const before = corpusFiles();
    const i = send(w, addArticleCommand(w.discord, "deep.html", nestedHtml(1250), MODERATOR));
    const embed = (await reply(i)).body.embeds[0];
    expect(embed.description).toMatch(/nested more than 200 elements deep/);
    expect(corpusFiles()).toEqual(before);
  });

  it("GIVEN an article titled with Object's property names THEN it is added and answered", async () => {
    const i = send(
      w,
      addArticleCommand(
        w.discord,
        "bridge.md",
        article("Bridge Constructor Honoured", "The constructor of the toString bridge was honoured in May."),
        MODERATOR,
      ),
    );
    expect((await finalEdit(w, i)).body.embeds[0].title).toMatch(/^Added “Bridge Constructor Honoured”/);
    const ask = send(w, chatInput("ask", [stringOption("question", "When was the constructor of the bridge honoured?")]));
    expect((await finalEdit(w, ask)).body.embeds[0].description).toMatch(/May/);
  });

  it("GIVEN a large page being added THEN a question asked meanwhile is answered before the page is done", async () => {
    const block = `${"<div>".repeat(30)}<p>Paragraph about the quay and its cranes.</p>${"</div>".repeat(30)}`;
    const page = `<html><head><meta property="og:title" content="Quay Cranes"></head><body>${block.repeat(1500)}</body></html>`;
    const add = send(w, addArticleCommand(w.discord, "cranes.html", page, MODERATOR));
    await callback(w, add);
    const ask = send(
      w,
      chatInput("ask", [stringOption("question", "Who is the US National Security spokesperson quoted about the arms sales?")]),
    );
    const answered = await finalEdit(w, ask, 30_000);
    const added = await finalEdit(w, add, 60_000);
    expect(answered.body.embeds[0].description).toMatch(/Kirby/);
    expect(added.body.embeds[0].title).toMatch(/^Added “Quay Cranes”/);
    expect(w.discord.calls.indexOf(answered)).toBeLessThan(w.discord.calls.indexOf(added));
  }, 90_000);
});

describe("the bot with an LLM that writes masked links and leaks its key in errors", () => {
  let w: World;
  let llm: Awaited<ReturnType<typeof startFakeOpenAI>>;
  const lines: string[] = [];
  beforeAll(async () => {
    llm = await startFakeOpenAI((r) => ({
      content: `See [the official record](https://evil.example/record) [${sourceNumber(r, "John Kirby")}][9]: the spokesperson is John Kirby [${sourceNumber(r, "John Kirby")}].`,
      chunkDelayMs: 60,
    }));
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: "debug", format: "json", stream, secrets: ["sk-live-hostile-key-0123456789"] });
    w = await startWorld(
      { LLM: "openai:test-model", OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: "sk-live-hostile-key-0123456789" },
      { log },
    );
  });
  afterAll(async () => {
    await stopWorld(w);
    await llm.close();
  });

  it("GIVEN model text with a masked link THEN neither the streamed reply nor the answer shows it, and no unchecked marker streams", async () => {
    const i = send(
      w,
      chatInput("ask", [stringOption("question", "Who is the US National Security spokesperson quoted about the arms sales?")]),
    );
    const final = await finalEdit(w, i, 20_000);
    expect(final.body.embeds[0].description).toMatch(/John Kirby/);
    const edits = w.discord.calls.filter((c) => c.method === "PATCH" && c.path.includes(i.token));
    for (const e of edits) expect(shownText(e)).not.toMatch(MASKED_LINK);
    for (const e of edits.filter((c) => !(c.body.embeds ?? []).length)) expect(e.body.content).not.toMatch(/\[\s*\d/);
  });

  it("GIVEN a provider error that quotes the API key THEN the log redacts it and the user gets the extractive answer", async () => {
    llm.setScript(() => ({ status: 401, message: "Incorrect API key provided: sk-live-hostile-key-0123456789." }));
    const i = send(
      w,
      chatInput("ask", [stringOption("question", "Who is the US National Security spokesperson quoted about the arms sales?")]),
    );
    const final = await finalEdit(w, i, 20_000);
    expect(final.body.embeds[0].description).toMatch(/John Kirby/);
    const all = lines.join("");
    expect(all).toMatch(/fell back to the extractive answerer/);
    expect(all).not.toContain("sk-live-hostile-key-0123456789");
  });
});
