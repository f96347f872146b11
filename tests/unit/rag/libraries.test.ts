import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLibraries, createRag, type Libraries, type Rag } from "../../../src/rag/index.js";
import { folderUsage } from "../../../src/rag/libraries/limits.js";
import { serverTablePrefix } from "../../../src/rag/libraries/server-id.js";
import { parseSettings, SettingsStore } from "../../../src/rag/libraries/settings.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";
import { startPostgres } from "../../support/pglite.js";
import { articlePage, filler, TestSite } from "../../support/test-site.js";
import pg from "pg";

const A = "200000000000000001";
const B = "200000000000000002";

describe("server libraries in the core", () => {
  let shared: Rag;
  let libraries: Libraries;
  let dataDir: string;
  /** The same servers with a budget of one byte: every idle library is unloaded. */
  let tight: Libraries;

  beforeAll(async () => {
    const corpus = makeTempDir();
    writeFiles(corpus, {
      "notes.md": article("Shared notes", "The Arden library opens at 9 am on weekdays, the shared notes say."),
      "ferry.md": article("Ferry times", "The Arden ferry leaves the north pier every 20 minutes, the harbour office said."),
    });
    dataDir = makeTempDir();
    const config = testConfig(corpus, { DATA_DIR: dataDir });
    const embedder = createFakeEmbedder();
    shared = await createRag(config, { embedder, llm: null });
    await shared.ensureIndex();
    libraries = await createLibraries(
      config,
      shared,
      { adminServers: [], limits: { articles: 10, bytes: 1024 * 1024, sources: 2 }, memoryBudget: 1024 ** 3 },
      { llm: null },
    );
    tight = await createLibraries(
      config,
      shared,
      { adminServers: [], limits: { articles: 10, bytes: 1024 * 1024, sources: 2 }, memoryBudget: 1 },
      { llm: null },
    );
  });

  it("GIVEN a server with no articles of its own THEN it answers from the shared corpus, its ids marked shared", async () => {
    const { rag, kind } = await libraries.forServer(A);
    expect(kind).toBe("server");
    const answer = await rag.ask("How often does the Arden ferry leave?");
    expect(answer.refused).toBe(false);
    expect(answer.citations[0]!.articleId).toBe("shared:ferry");
    expect(answer.answer).toBe((await shared.ask("How often does the Arden ferry leave?")).answer);
    expect(rag.stats()!.articles).toBe(2);
  });

  it("GIVEN both corpora hold notes.md THEN the two stay apart, and a removal in the server touches its own only", async () => {
    const { rag } = await libraries.forServer(A);
    // Put there by hand, as a deployer may: the same file name as the shared one.
    writeFiles(join(dataDir, "servers", A, "corpus"), {
      "notes.md": article("Server notes", "The server notes say the chess club meets on Tuesdays."),
    });
    await rag.reindex();
    const ownId = "notes";
    expect(rag.listArticles().map((a) => a.id)).toEqual(expect.arrayContaining([ownId, "shared:notes", "shared:ferry"]));
    const hits = await rag.search("notes say", { k: 5 });
    expect(hits.map((h) => h.article.id)).toEqual(expect.arrayContaining([ownId, "shared:notes"]));
    expect(hits.find((h) => h.article.id === ownId)!.passage.text).toMatch(/chess club/);
    expect(hits.find((h) => h.article.id === "shared:notes")!.passage.text).toMatch(/Arden library/);
    await expect(rag.removeArticle("shared:notes")).rejects.toThrow(/shared library/);
    await rag.removeArticle(ownId);
    // The last article of its own gone, the library is empty, not broken: it still reads the shared corpus.
    expect(
      rag
        .listArticles()
        .map((a) => a.id)
        .sort(),
    ).toEqual(["shared:ferry", "shared:notes"]);
    expect((await rag.ask("How often does the Arden ferry leave?")).refused).toBe(false);
    expect(shared.listArticles()).toHaveLength(2);
  });

  it("GIVEN a server that turns the shared corpus off THEN its next question reads its own articles only", async () => {
    await libraries.updateSettings(B, { useShared: false }, "300000000000000099");
    const { rag } = await libraries.forServer(B);
    expect(rag.listArticles()).toEqual([]);
    expect((await rag.ask("How often does the Arden ferry leave?")).refused).toBe(true);
    await libraries.updateSettings(B, { useShared: true }, "300000000000000099");
    expect((await (await libraries.forServer(B)).rag.ask("How often does the Arden ferry leave?")).refused).toBe(false);
  });

  it("GIVEN the memory budget is passed THEN idle libraries are unloaded, and load again when asked", async () => {
    expect(libraries.loaded().sort()).toEqual([A, B]);
    await tight.forServer(A);
    await tight.forServer(B);
    await new Promise((r) => setTimeout(r, 50));
    expect(tight.loaded()).toEqual([]);
    const { rag } = await tight.forServer(A);
    expect((await rag.ask("How often does the Arden ferry leave?")).refused).toBe(false);
  });

  it("GIVEN DMs and a managing server THEN they get the shared corpus itself; a forged id is refused", async () => {
    expect((await libraries.forServer(null)).rag).toBe(shared);
    await expect(libraries.forServer("../x")).rejects.toThrow(/not a Discord server id/);
    expect(existsSync(join(dataDir, "servers", "..", "x"))).toBe(false);
  });
});

describe("server settings", () => {
  it("GIVEN a stored file with wrong types and foreign ids THEN each falls back to its default, never something looser", () => {
    expect(parseSettings({ useShared: "no", askChannels: ["123", "200000000000000009", 5], moderatorRoles: "x" })).toEqual({
      useShared: true,
      askChannels: ["200000000000000009"],
      moderatorRoles: [],
      privateAnswers: false,
      threads: false,
      reportChannel: undefined,
      changedBy: undefined,
      changedAt: undefined,
    });
  });

  it("GIVEN two changes at once THEN both land, stamped with who made them, in one whole file", async () => {
    const dir = makeTempDir();
    const store = new SettingsStore(dir);
    await Promise.all([
      store.update(A, { useShared: false }, "300000000000000001"),
      store.update(A, { askChannels: ["200000000000000009"] }, "300000000000000002"),
    ]);
    const saved = JSON.parse(readFileSync(join(dir, "servers", A, "settings.json"), "utf8"));
    expect(saved).toMatchObject({ useShared: false, askChannels: ["200000000000000009"], changedBy: "300000000000000002" });
    expect(await new SettingsStore(dir).get(A)).toMatchObject({ useShared: false });
  });

  it("GIVEN an unreadable settings file THEN reading says so rather than falling back to defaults silently", async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, "servers", A), { recursive: true });
    writeFileSync(join(dir, "servers", A, "settings.json"), "{ not json");
    await expect(new SettingsStore(dir).get(A)).rejects.toThrow(/settings could not be read/);
  });
});

describe("server names and usage", () => {
  it("GIVEN a server id THEN its table prefix is a valid name within 40 characters, even under a long deployer prefix", () => {
    expect(serverTablePrefix("footnote", A)).toBe(`footnote_s${A}`);
    const long = serverTablePrefix("a".repeat(40), A);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(() => serverTablePrefix("footnote", "1; DROP TABLE x")).toThrow(/server id/);
  });

  it("GIVEN a corpus folder THEN usage counts article files, not its bookkeeping, and every byte", () => {
    const dir = makeTempDir();
    writeFiles(dir, { "a.md": "12345", "web/b.md": "123", "sources.yaml": "sources: []\n", ".footnote/state.json": "{}" });
    return expect(folderUsage(dir)).resolves.toEqual({ files: 2, bytes: 5 + 3 + 12 + 2 });
  });
});

describe("settings across processes", () => {
  it("GIVEN another process changes a server's settings THEN this one reads the change at its next look, without a restart", async () => {
    const dir = makeTempDir();
    const here = new SettingsStore(dir);
    const there = new SettingsStore(dir);
    expect((await here.get(A)).useShared).toBe(true);
    await there.update(A, { useShared: false }, "300000000000000001");
    expect((await here.get(A)).useShared).toBe(false);
  });
});

describe("server libraries on PostgreSQL: each its own embed queue, the workers serving all", () => {
  it("GIVEN a server's build whose embedding stopped THEN embedServers embeds that server's waiting passages, and a second pass finds none", async () => {
    const server = await startPostgres();
    const corpus = makeTempDir();
    writeFiles(corpus, { "notes.md": article("Shared notes", "The Arden library opens at 9 am on weekdays.") });
    const dataDir = makeTempDir();
    writeFiles(join(dataDir, "servers", A, "corpus"), {
      "tides.md": article("Tide tables", "High tide at Arden is at 6:12 on Monday, the harbour office said."),
    });
    const config = testConfig(corpus, { DATA_DIR: dataDir, INDEX_STORE: "postgres", DATABASE_URL: server.url });
    const embedder = createFakeEmbedder();
    const shared = await createRag(config, { embedder, llm: null });
    const options = { adminServers: [], limits: { articles: 10, bytes: 1024 * 1024, sources: 2 }, memoryBudget: 1024 ** 3 };
    const libraries = await createLibraries(config, shared, options, { llm: null });
    try {
      await shared.ensureIndex();
      // The server's build goes live by its words, then its embedder fails: its passages wait in its own queue.
      embedder.embeddings.failOnCall = embedder.embeddings.calls + 1;
      await libraries.forServer(A);
      const waiting = async () => {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try {
          const { rows } = await client.query(`SELECT generation FROM footnote_s${A}_live`);
          const table = `footnote_s${A}_g${Number(rows[0].generation)}_passages`;
          return (await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE embedding IS NULL`)).rows[0].n as number;
        } finally {
          await client.end();
        }
      };
      expect(await waiting()).toBeGreaterThan(0);
      const first = await libraries.embedServers();
      expect(first).toMatchObject({ servers: 1 });
      expect(first.embedded).toBeGreaterThan(0);
      expect(await waiting()).toBe(0);
      expect((await libraries.embedServers()).embedded).toBe(0);
    } finally {
      await libraries.close();
      await shared.close();
      await server.stop();
    }
  });
});

describe("server libraries fetching from one site", () => {
  const site = new TestSite();
  afterAll(() => site.stop());

  it("GIVEN two servers adding pages of one site at once THEN they share the crawler: robots.txt read once, one request at a time with the pause between", async () => {
    await site.start();
    const page = (topic: string) => ({
      body: articlePage({ title: `The ${topic}`, paragraphs: [`The Arden ${topic} reopened on Monday after repairs.`, ...filler(topic)] }),
      type: "text/html",
    });
    site.set({
      "/robots.txt": { body: "User-agent: *\nAllow: /\n", type: "text/plain" },
      "/pool": page("pool"),
      "/museum": page("museum"),
    });
    const corpus = makeTempDir();
    writeFiles(corpus, { "notes.md": article("Shared notes", "The Arden library opens at 9 am on weekdays.") });
    const config = testConfig(corpus, { DATA_DIR: makeTempDir(), FETCH_ALLOW_HOSTS: "127.0.0.1", FETCH_DELAY_MS: "400" });
    const shared = await createRag(config, { embedder: createFakeEmbedder(), llm: null });
    await shared.ensureIndex();
    const libraries = await createLibraries(
      config,
      shared,
      { adminServers: [], limits: { articles: 10, bytes: 1024 * 1024, sources: 2 }, memoryBudget: 1024 ** 3 },
      { llm: null },
    );
    const [a, b] = [(await libraries.forServer(A)).rag, (await libraries.forServer(B)).rag];
    const added = await Promise.all([a.addUrl(`${site.url}/pool`), b.addUrl(`${site.url}/museum`)]);
    expect(added.map((x) => x.status)).toEqual(["new", "new"]);
    expect(site.hits("/robots.txt")).toHaveLength(1);
    const [first, second] = [...site.hits("/pool"), ...site.hits("/museum")].sort((x, y) => x.at - y.at);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(350);
    await libraries.close();
    await shared.close();
  });
});
