import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { CoreConfig } from "../../src/config/index.js";
import { createRag, silentLogger, type Rag } from "../../src/rag/index.js";
import { STORES, type StoreKind } from "../../src/rag/store/kinds.js";
import type { IndexStore } from "../../src/rag/store/store.js";
import { article, copyBundledCorpus, makeTempDir, testConfig, writeFiles } from "../support/corpus.js";
import { createFakeEmbedder, createGatedEmbedder } from "../support/fake-embedder.js";
import { startPostgres } from "../support/pglite.js";

// One contract, two stores: the local files and PostgreSQL (PGlite with pgvector and pg_textsearch).
const servers: Awaited<ReturnType<typeof startPostgres>>[] = [];
afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

const CORPUS = {
  "alpha.md": article("Alpha report", "Alpha says the harbour froze in January. Ships waited outside for weeks.", "date: 2024-01-10\n"),
  "beta.md": article("Beta report", "Beta covers the election. Turnout rose to a record high this year.", "date: 2024-03-02\n"),
  "gamma.txt": "Gamma notes\nGamma describes a new bridge over the river. It opened in May.",
};

const opened: Rag[] = [];
const configs = new WeakMap<Rag, CoreConfig>();
afterAll(async () => {
  for (const rag of opened.splice(0)) await rag.close();
});

/** An empty PostgreSQL of its own (PGlite serves one database in one session), returning its URL. */
async function freshDatabase(): Promise<string> {
  const server = await startPostgres();
  servers.push(server);
  return server.url;
}

/**
 * The stores the contract runs on: a new store is one entry, with the settings that give it an
 * empty index of its own and a way to count the generations it keeps.
 */
const STORE_FIXTURES: { kind: StoreKind; settings(): Promise<Record<string, string>>; generations(config: CoreConfig): Promise<number> }[] =
  [
    {
      kind: "local",
      settings: async () => ({}),
      generations: async (config) => readdirSync(join(config.index.dir, "builds")).length,
    },
    {
      kind: "postgres",
      settings: async () => ({ DATABASE_URL: await freshDatabase() }),
      async generations(config) {
        const client = new pg.Client({ connectionString: config.index.databaseUrl });
        await client.connect();
        try {
          const generations = await client.query("SELECT count(*)::int AS n FROM footnote_generations");
          const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'footnote_g%_passages'");
          expect(tables.rows[0].n).toBe(generations.rows[0].n);
          return generations.rows[0].n;
        } finally {
          await client.end();
        }
      },
    },
  ];

/** A Rag over `corpusDir` on the given store (with postgres, the database at `databaseUrl`). */
async function ragOn(store: StoreKind, corpusDir: string, databaseUrl?: string): Promise<Rag> {
  const env: Record<string, string> = { INDEX_STORE: store };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return ragWith(corpusDir, env);
}

async function ragWith(corpusDir: string, env: Record<string, string>): Promise<Rag> {
  const config = testConfig(corpusDir, env);
  const rag = await createRag(config, { log: silentLogger, embedder: createFakeEmbedder(), llm: null });
  opened.push(rag);
  configs.set(rag, config);
  return rag;
}

describe.each(STORE_FIXTURES)("the $kind store", (fixture) => {
  const fresh = async (files: Record<string, string> = CORPUS) => {
    const corpusDir = makeTempDir();
    writeFiles(corpusDir, files);
    const rag = await ragWith(corpusDir, { INDEX_STORE: fixture.kind, ...(await fixture.settings()) });
    return { corpusDir, rag, config: configs.get(rag)! };
  };

  it("GIVEN a corpus THEN a first build indexes every article and search finds the passage", async () => {
    const { rag } = await fresh();
    const report = await rag.ensureIndex();
    expect(report).toMatchObject({ full: true, rebuilt: true, articles: 3, added: expect.arrayContaining(["alpha", "beta", "gamma"]) });
    expect(rag.stats()).toMatchObject({ articles: 3, passages: 3 });
    const hits = await rag.search("harbour froze", { k: 2, mode: "bm25" });
    expect(hits[0]).toMatchObject({ rank: 1, article: { id: "alpha", title: "Alpha report" } });
    expect(hits[0]!.passage.text).toContain("harbour froze in January");
    const dense = await rag.search("bridge over the river", { k: 1, mode: "dense" });
    expect(dense[0]!.article.id).toBe("gamma");
    expect(rag.listArticles().map((a) => a.id)).toEqual(["beta", "alpha", "gamma"]);
  });

  it("GIVEN a scope THEN search keeps to one article, a date range, or what was published by then", async () => {
    const { rag } = await fresh();
    await rag.ensureIndex();
    const one = await rag.search("report", { k: 5, mode: "bm25", articleId: "beta" });
    expect(one.map((h) => h.article.id)).toEqual(["beta"]);
    const range = await rag.search("report harbour election", { k: 5, mode: "hybrid", dateFrom: "2024-02-01" });
    expect(range.map((h) => h.article.id)).toEqual(["beta"]);
    const asOf = await rag.search("harbour election bridge", { k: 5, mode: "hybrid", asOf: "2024-02-01" });
    expect(asOf.map((h) => h.article.id).sort()).toEqual(["alpha", "gamma"]);
  });

  it("GIVEN a change, an addition and a removal THEN the reindex reports them and search sees only the new state", async () => {
    const { rag, corpusDir } = await fresh();
    await rag.ensureIndex();
    writeFileSync(join(corpusDir, "alpha.md"), article("Alpha report", "Alpha says the harbour thawed in March."));
    writeFiles(corpusDir, { "delta.md": article("Delta report", "Delta tracks the lighthouse keeper's forty years.") });
    rmSync(join(corpusDir, "gamma.txt"));
    const report = await rag.reindex();
    expect(report).toMatchObject({ changed: ["alpha"], added: ["delta"], removed: ["gamma"], rebuilt: true });
    expect(report.embedded).toBe(2);
    expect((await rag.search("harbour thawed", { k: 1, mode: "bm25" }))[0]!.passage.text).toContain("thawed in March");
    expect(await rag.search("bridge river", { k: 5, mode: "bm25" })).toEqual([]);
    expect((await rag.search("lighthouse keeper", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("delta");
    expect(await rag.reindex()).toMatchObject({ rebuilt: false, unchanged: 3 });
  });

  // Both stores go lexical first: while the reindex embeds, the new articles are already found by
  // their words (never half an article), and by their meaning once their vectors are in.
  it("GIVEN searches while a reindex embeds THEN the new articles are found by their words, then by meaning once embedded", async () => {
    const { corpusDir, config } = await fresh();
    // An embedder the test holds shut: the reindex waits inside it until the test opens it.
    const { embedder, hold } = createGatedEmbedder();
    const rag = await createRag(config, { log: silentLogger, embedder, llm: null });
    opened.push(rag);
    await rag.ensureIndex();
    writeFileSync(join(corpusDir, "alpha.md"), article("Alpha report", "Alpha says the harbour thawed in March."));
    writeFiles(corpusDir, { "delta.md": article("Delta report", "Delta tracks the lighthouse keeper's forty years.") });
    const held = hold();
    const reindex = rag.reindex();
    await held.reached;
    for (let i = 0; i < 3; i++) {
      const harbour = (await rag.search("harbour", { k: 1, mode: "bm25" }))[0]!.passage.text;
      expect(harbour).toContain("thawed in March");
      const keeper = (await rag.search("lighthouse keeper", { k: 3, mode: "bm25" })).map((h) => h.article.id);
      expect(keeper).toContain("delta");
      // Not by meaning yet: neither new passage has its vector.
      const dense = (await rag.search("lighthouse keeper forty years", { k: 4, mode: "dense" })).map((h) => h.article.id);
      expect(dense).not.toContain("delta");
      expect(rag.stats()).toMatchObject({ articles: 4, passages: 4, embedded: 2 });
    }
    held.open();
    expect(await reindex).toMatchObject({ changed: ["alpha"], added: ["delta"], embedded: 2 });
    expect(rag.stats()).toMatchObject({ passages: 4, embedded: 4 });
    expect((await rag.search("harbour", { k: 1, mode: "bm25" }))[0]!.passage.text).toContain("thawed in March");
    expect((await rag.search("lighthouse keeper", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("delta");
    expect((await rag.search("lighthouse keeper forty years", { k: 1, mode: "dense" }))[0]!.article.id).toBe("delta");
  });

  it("GIVEN a reindex asked for while the last one only embeds THEN it takes the embedding over instead of being refused", async () => {
    const { corpusDir, config } = await fresh();
    const { embedder, hold } = createGatedEmbedder();
    const rag = await createRag(config, { log: silentLogger, embedder, llm: null });
    opened.push(rag);
    await rag.ensureIndex();
    // More new passages than one embedding batch (64), so some are left when the first run stops.
    const many: Record<string, string> = {};
    for (let i = 0; i < 80; i++) many[`tide-${i}.md`] = article(`Tide table ${i}`, `Tide table ${i} lists the high water at pier ${i}.`);
    writeFiles(corpusDir, many);
    const held = hold();
    const first = rag.reindex();
    await held.reached;
    writeFiles(corpusDir, { "delta.md": article("Delta report", "Delta tracks the lighthouse keeper's forty years.") });
    const second = rag.reindex();
    held.open();
    const firstReport = await first;
    expect(firstReport.added).toHaveLength(80);
    expect(firstReport.embedding).toMatchObject({ handedOver: true, pending: expect.any(Number) });
    expect(firstReport.embedding!.pending).toBeGreaterThan(0);
    expect(await second).toMatchObject({ added: ["delta"] });
    expect(rag.stats()).toMatchObject({ articles: 84, passages: 84, embedded: 84 });
    expect((await rag.search("lighthouse keeper forty years", { k: 1, mode: "dense" }))[0]!.article.id).toBe("delta");
  });

  it("GIVEN an article added while a reindex embeds in the background THEN it answers once the article is searchable, not when embedding ends", async () => {
    const { corpusDir, config } = await fresh();
    const { embedder, hold } = createGatedEmbedder();
    const rag = await createRag(config, { log: silentLogger, embedder, llm: null });
    opened.push(rag);
    await rag.ensureIndex();
    const many: Record<string, string> = {};
    for (let i = 0; i < 80; i++) many[`tide-${i}.md`] = article(`Tide table ${i}`, `Tide table ${i} lists the high water at pier ${i}.`);
    writeFiles(corpusDir, many);
    const firstHold = hold();
    const background = rag.reindex();
    await firstHold.reached;
    const adding = rag.addArticle(
      { fileName: "x.md", content: new TextEncoder().encode(article("Ferry timetable", "The winter ferry timetable starts in November.")) },
      { maxBytes: 1e6 },
    );
    // Once the edit's reindex has asked the running one to stop, let the batch in hand finish;
    // hold every later one. The edit asks as soon as its file is stored (edits now wait their
    // turn rather than being refused, so another edit cannot probe for it): the file is in
    // place, its hidden temporary file gone, and the rest runs without waiting on anything.
    const addedDir = join(corpusDir, "added");
    await expect
      .poll(() => existsSync(join(addedDir, "ferry-timetable.md")) && !readdirSync(addedDir).some((f) => f.startsWith(".tmp-")), {
        timeout: 10_000,
      })
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const laterHold = hold();
    firstHold.open();
    // Answered while the embedding is held: had /add-article waited for it, this would never return.
    const added = await adding;
    expect(added.report.added).toEqual(["added/ferry-timetable"]);
    expect((await rag.search("winter ferry timetable", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("added/ferry-timetable");
    expect((await background).embedding).toMatchObject({ handedOver: true });
    await laterHold.reached;
    laterHold.open();
    await expect.poll(() => rag.stats()?.embedded, { timeout: 10_000 }).toBe(84);
  });

  it("GIVEN --full THEN every article is recomputed, reported as rebuilt", async () => {
    const { rag } = await fresh();
    await rag.ensureIndex();
    expect(await rag.reindex({ full: true })).toMatchObject({ full: true, rebuilt: true, recomputed: 3, added: [], changed: [] });
  });

  it("GIVEN a build whose check fails THEN the previous generation stays live and nothing of the new one is left", async () => {
    const { rag, corpusDir, config } = await fresh();
    await rag.ensureIndex();
    writeFiles(corpusDir, { "delta.md": article("Delta report", "Delta tracks the lighthouse keeper's forty years.") });
    const direct = await openStore(config);
    try {
      const refused = direct.build({
        corpusDir,
        maxArticleBytes: config.corpus.maxArticleBytes,
        split: config.split,
        embedder: createFakeEmbedder(),
        log: silentLogger,
        verify: () => {
          throw new Error("the check refused this build");
        },
      });
      await expect(refused).rejects.toThrow("the check refused this build");
      expect(await direct.open(createFakeEmbedder())).toMatchObject({ info: { articles: 3 } });
      expect(await fixture.generations(config)).toBe(1);
    } finally {
      await direct.close?.();
    }
    expect((await rag.search("lighthouse keeper", { k: 1, mode: "bm25" })).map((h) => h.article.id)).toEqual([]);
    expect(await rag.reindex()).toMatchObject({ added: ["delta"] });
  });
});

/** The store a config names, opened directly, as the engine opens it. */
const openStore = (config: CoreConfig): Promise<IndexStore> =>
  STORES[config.index.store].open({ ...config, index: { ...config.index, lockWaitMs: 0 } }, silentLogger);

describe("answers on the bundled corpus", () => {
  it("GIVEN either store THEN the quickstart question gets the same answer and citations, and BM25 ranks alike", async () => {
    const answers = [];
    const rankings: string[] = [];
    for (const fixture of STORE_FIXTURES) {
      const corpusDir = copyBundledCorpus();
      const rag = await ragWith(corpusDir, { INDEX_STORE: fixture.kind, ...(await fixture.settings()) });
      await rag.ensureIndex();
      const q = "Did North Korea sell weapons to the Wagner Group?";
      answers.push(await rag.ask(q, { asOf: "2026-01-01" }));
      // BM25 over the same terms: the same passages in the same order, whichever store ranks them.
      for (const query of ["Who heads the Wagner Group?", "Kirby arms sales", "Ukraine weapons dumped"]) {
        rankings.push((await rag.search(query, { k: 8, mode: "bm25" })).map((h) => h.passage.id).join(" "));
      }
    }
    const [first, ...others] = answers;
    expect(first!.refused).toBe(false);
    for (const other of others) {
      expect(other.answer).toBe(first!.answer);
      expect(other.citations).toEqual(first!.citations);
    }
    for (let i = 3; i < rankings.length; i += 3) expect(rankings.slice(i, i + 3)).toEqual(rankings.slice(0, 3));
  });
});

describe("the postgres store on its own", () => {
  it("GIVEN two processes on one database THEN a reindex by one is answered from by the other without a restart", async () => {
    const corpusDir = makeTempDir();
    writeFiles(corpusDir, CORPUS);
    const url = await freshDatabase();
    const env = { INDEX_STORE: "postgres", DATABASE_URL: url, INDEX_CHECK_MS: "0" };
    const writer = await createRag(testConfig(corpusDir, env), { log: silentLogger, embedder: createFakeEmbedder(), llm: null });
    const reader = await createRag(testConfig(corpusDir, env), { log: silentLogger, embedder: createFakeEmbedder(), llm: null });
    opened.push(writer, reader);
    await writer.ensureIndex();
    expect(await reader.ensureIndex()).toBeUndefined();
    expect((await reader.search("lighthouse keeper", { k: 1, mode: "bm25" })).map((h) => h.article.id)).toEqual([]);
    writeFiles(corpusDir, { "delta.md": article("Delta report", "Delta tracks the lighthouse keeper's forty years.") });
    await writer.reindex();
    expect((await reader.search("lighthouse keeper", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("delta");
    expect(reader.stats()).toMatchObject({ articles: 4 });
  });

  it("GIVEN what a run killed while writing a generation leaves THEN the live one keeps serving and the next run removes it", async () => {
    const corpusDir = makeTempDir();
    writeFiles(corpusDir, CORPUS);
    const url = await freshDatabase();
    const rag = await ragOn("postgres", corpusDir, url);
    await rag.ensureIndex();
    // A generation still 'building', with its tables half written, as a SIGKILL leaves it.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `INSERT INTO footnote_generations (state, built_at, embedder_id, dimension, splitter, lexical, embed_queue)
         SELECT 'building', built_at, embedder_id, dimension, splitter, lexical, true FROM footnote_generations WHERE state = 'live'
         RETURNING id`,
      );
      const dead = rows[0].id;
      await client.query(
        `CREATE TABLE footnote_g${dead}_passages (id text PRIMARY KEY); CREATE TABLE footnote_g${dead}_articles (id text)`,
      );
      await client.query(`INSERT INTO footnote_g${dead}_passages VALUES ('half-written')`);
      expect((await rag.search("harbour froze", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("alpha");
      writeFiles(corpusDir, { "delta.md": article("Delta report", "Delta tracks the lighthouse keeper's forty years.") });
      expect(await rag.reindex()).toMatchObject({ added: ["delta"] });
      const left = await client.query("SELECT id FROM footnote_generations WHERE state = 'building'");
      expect(left.rows).toEqual([]);
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE tablename LIKE $1", [`footnote_g${dead}_%`]);
      expect(tables.rows).toEqual([]);
    } finally {
      await client.end();
    }
    expect((await rag.search("lighthouse keeper", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("delta");
  });

  it("GIVEN a built index THEN dense search can use the HNSW index and lexical search the BM25 one (EXPLAIN)", async () => {
    const corpusDir = makeTempDir();
    writeFiles(corpusDir, CORPUS);
    const url = await freshDatabase();
    const rag = await ragOn("postgres", corpusDir, url);
    await rag.ensureIndex();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT generation FROM footnote_live");
      const table = `footnote_g${rows[0].generation}_passages`;
      // Three rows are cheaper to scan than to look up, so the planner is told to avoid scans: what
      // is proved is that the typed vector column has an index the query can use.
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      const vector = `[${new Array(createFakeEmbedder().dimension).fill(0.1).join(",")}]`;
      const dense = await client.query(`EXPLAIN SELECT id FROM ${table} ORDER BY embedding <=> $1::vector LIMIT 5`, [vector]);
      expect(dense.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Index Scan using \S*embedding\S* on/);
      const lexical = await client.query(
        `EXPLAIN SELECT id FROM ${table} ORDER BY searchable <@> to_bm25query('harbour', '${table.replace("_passages", "_bm25")}') LIMIT 5`,
      );
      expect(lexical.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Index Scan using footnote_g\d+_bm25/);
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
  });

  it("GIVEN a database nobody listens on THEN start-up says where, why and what to set, without the password", async () => {
    const server = await startPostgres();
    const url = server.url.replace("postgres@", "postgres:hunter2secret@");
    await server.stop();
    const config = testConfig(makeTempDir(), { INDEX_STORE: "postgres", DATABASE_URL: url });
    const error = await createRag(config, { log: silentLogger, embedder: createFakeEmbedder(), llm: null }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: "STORE_UNAVAILABLE" });
    expect((error as Error).message).toMatch(
      /at 127\.0\.0\.1:\d+\/postgres: nothing is listening there: is PostgreSQL running\?.*DATABASE_URL/,
    );
    expect((error as Error).message).not.toContain("hunter2secret");
  });

  it("GIVEN a server without pgvector THEN start-up names the missing extension and how to get it", async () => {
    const server = await startPostgres({ extensions: false });
    servers.push(server);
    const config = testConfig(makeTempDir(), { INDEX_STORE: "postgres", DATABASE_URL: server.url });
    const error = await createRag(config, { log: silentLogger, embedder: createFakeEmbedder(), llm: null }).catch((e: Error) => e);
    expect(error).toMatchObject({
      code: "STORE_UNAVAILABLE",
      message: expect.stringMatching(/pgvector extension is not available.*pgvector\/pgvector Docker image/),
    });
  });

  it("GIVEN INDEX_STORE=postgres without DATABASE_URL THEN the settings are refused by name", () => {
    expect(() => testConfig(makeTempDir(), { INDEX_STORE: "postgres" })).toThrow(/DATABASE_URL: required when INDEX_STORE=postgres/);
  });
});
