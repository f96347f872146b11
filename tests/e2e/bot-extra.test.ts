import { spawn } from "node:child_process";
import { Writable } from "node:stream";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/bot.js";
import { configSecrets, loadBotConfig } from "../../src/config/index.js";
import { createLogger, createRag, type Logger } from "../../src/rag/index.js";
import { copyBundledCorpus, makeTempDir } from "../support/corpus.js";
import { createFakeEmbedder } from "../support/fake-embedder.js";
import { APP_ID, chatInput, FakeDiscord, GUILD_ID, stringOption } from "../support/fake-discord.js";
import { sourceNumber, startFakeOpenAI } from "../support/fake-openai.js";

const root = join(import.meta.dirname, "../..");

/** A logger that keeps every line, to check what reaches the logs. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe("the bot with an LLM that streams", () => {
  let discord: FakeDiscord;
  let llm: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let bot: ReturnType<typeof createBot>;
  const logs = capturingLogger();
  let log: Logger;

  beforeAll(async () => {
    discord = new FakeDiscord();
    await discord.start();
    llm = await startFakeOpenAI((r) =>
      // A provider that echoes the key in its error, as some do: what the bot logs of it must not.
      r.body.messages.some((m) => m.content.includes("leak"))
        ? { status: 401, message: "Incorrect API key provided: sk-secret-llm-key" }
        : {
            content: `The spokesperson quoted about the arms sales is John Kirby, who also said that Wagner spends about one hundred million dollars a month on the war in Ukraine [${sourceNumber(r, "John Kirby")}].`,
            chunkDelayMs: 120,
          },
    );
    const config = loadBotConfig({
      CORPUS_DIR: copyBundledCorpus(),
      INDEX_DIR: join(makeTempDir(), "index"),
      DATA_DIR: makeTempDir(),
      DISCORD_TOKEN: discord.token,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_GUILD_ID: GUILD_ID,
      DISCORD_API_BASE: discord.apiBase,
      ASK_CHANNEL_IDS: "100000000000000004",
      LLM: "openai:test-model",
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: "sk-secret-llm-key",
    });
    // The product's logger, as main.ts makes it: the log test below checks its redaction.
    log = createLogger({ level: "debug", format: "json", stream: logs.stream, secrets: configSecrets(config) });
    const rag = await createRag(config.core, { embedder: createFakeEmbedder(), log });
    await rag.ensureIndex();
    bot = createBot(config, rag, log, { globalRequestsPerSecond: 10_000 });
    await bot.start();
  });
  afterAll(async () => {
    await bot.shutdown();
    await discord.stop();
    await llm.close();
  });

  it("GIVEN a streamed LLM answer THEN the reply grows about once a second, then becomes the checked embed", async () => {
    const i = chatInput("ask", [stringOption("question", "Who is the US National Security spokesperson quoted about the arms sales?")]);
    discord.sendInteraction(i);
    const final = await discord.waitFor(
      (c) => c.method === "PATCH" && c.path.includes(i.token) && (c.body.embeds ?? []).length > 0,
      20_000,
    );
    const partials = discord.calls.filter((c) => c.method === "PATCH" && c.path.includes(i.token) && !(c.body.embeds ?? []).length);
    expect(partials.length).toBeGreaterThanOrEqual(1);
    // About once a second at most, whatever the speed of the machine: edits are spaced by the bot's own clock.
    for (let i = 1; i < partials.length; i++) expect(partials[i]!.at - partials[i - 1]!.at).toBeGreaterThanOrEqual(900);
    for (const p of partials) {
      expect(p.body.content).toMatch(/▌$/);
      expect(p.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
    expect(final.body.content).toBe("");
    // The answer replaces the growing text in the same message; no second message is posted.
    expect(discord.calls.filter((c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.path.includes(i.token))).toEqual([]);
    expect(final.body.embeds[0].description).toMatch(/John Kirby.*\[1\]/);
    expect(final.body.embeds[0].footer.text).toMatch(/answered|articles/);
  });

  it("GIVEN a channel outside the allow-list THEN /ask says where questions go", async () => {
    const i = chatInput("ask", [stringOption("question", "Who is Kirby?")], { channelId: "100000000000000777" });
    discord.sendInteraction(i);
    const reply = await discord.waitFor((c) => c.path.startsWith(`/interactions/${i.id}/`));
    expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(reply.body.data.embeds[0].description).toMatch(/Questions can be asked in <#100000000000000004>/);
  });

  it("GIVEN /search in a channel outside the allow-list THEN it says where to go, as /ask does", async () => {
    const i = chatInput("search", [stringOption("query", "Kirby")], { channelId: "100000000000000777" });
    discord.sendInteraction(i);
    const reply = await discord.waitFor((c) => c.path.startsWith(`/interactions/${i.id}/`));
    expect(reply.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(reply.body.data.embeds[0].description).toMatch(/can be asked in <#100000000000000004>/);
  });

  it("GIVEN everything the bot logged, an LLM error that echoed the key among it, THEN no token or key appears in it", async () => {
    const i = chatInput("ask", [stringOption("question", "Did the arms sales leak to the press?")]);
    discord.sendInteraction(i);
    await discord.waitFor((c) => c.method === "PATCH" && c.path.includes(i.token) && (c.body.embeds ?? []).length > 0, 20_000);
    const all = logs.lines.join("");
    // The failure was logged, with the key in its place redacted.
    expect(all).toMatch(/Incorrect API key provided: \[redacted\]/);
    expect(all).not.toContain(discord.token);
    expect(all).not.toContain("sk-secret-llm-key");
  });
});

describe("npm start as a process", () => {
  it("GIVEN SIGTERM to the npm start process THEN the bot itself stops taking interactions, disconnects and exits, leaving no orphan", async () => {
    const discord = new FakeDiscord();
    await discord.start();
    try {
      // Process managers signal the process they started: here, npm.
      const child = spawn("npm", ["start"], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          NODE_ENV: "production",
          CORPUS_DIR: copyBundledCorpus(),
          INDEX_DIR: join(makeTempDir(), "index"),
          DATA_DIR: makeTempDir(),
          EMBEDDINGS: "use-lite",
          DISCORD_TOKEN: discord.token,
          DISCORD_CLIENT_ID: APP_ID,
          DISCORD_API_BASE: discord.apiBase,
        },
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      // "exit", not "close": an orphaned bot would hold the output pipes open forever.
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
      const deadline = Date.now() + 60_000;
      while (!/"msg":"ready as Footnote/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const ready = JSON.parse(out.split("\n").find((l) => l.includes("ready as"))!);
      expect(ready).toMatchObject({ tag: "Footnote", commands: 13, articles: 2 });
      const botPid: number = ready.pid;
      expect(botPid).not.toBe(child.pid);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await closed;
      expect(out).toMatch(/"msg":"stopped"/);
      expect(() => process.kill(botPid, 0)).toThrow(/ESRCH/);
      expect(out).not.toContain(discord.token);
    } finally {
      await discord.stop();
    }
  }, 90_000);

  it("GIVEN missing settings THEN npm start names each one and exits 1", async () => {
    const child = spawn(process.execPath, [join(root, "bin/run.mjs"), "start"], {
      cwd: makeTempDir(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", SEARCH_TOP_K: "zero" },
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    for (const key of ["DISCORD_TOKEN", "DISCORD_CLIENT_ID", "SEARCH_TOP_K"]) expect(err).toContain(key);
  });
});
