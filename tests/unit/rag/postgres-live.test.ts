import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/rag/index.js";
import { createPostgresStore } from "../../../src/rag/store/postgres/index.js";
import type { IndexStore, StoreBuildOptions } from "../../../src/rag/store/store.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";
import { startPostgres } from "../../support/pglite.js";

/**
 * The Postgres store's live pointer, which every process reads to find the generation to serve:
 * a full rebuild must move it, and a rebuild whose check fails must not.
 */
describe("the Postgres store's live pointer", () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  let store: IndexStore & { close(): Promise<void> };
  let client: pg.Client;
  const corpusDir = makeTempDir();
  const config = testConfig(corpusDir);
  const embedder = createFakeEmbedder();
  const options = (extra: Partial<StoreBuildOptions> = {}): StoreBuildOptions => ({
    corpusDir,
    maxArticleBytes: config.corpus.maxArticleBytes,
    split: config.split,
    embedder,
    log: silentLogger,
    ...extra,
  });
  const pointer = async () => String((await client.query("SELECT generation FROM footnote_live")).rows[0]?.generation);
  const liveRows = async () => (await client.query("SELECT id::text FROM footnote_generations WHERE state = 'live'")).rows.map((r) => r.id);

  beforeAll(async () => {
    server = await startPostgres();
    writeFiles(corpusDir, {
      "alpha.md": article("Alpha report", "The harbour froze in January."),
      "beta.md": article("Beta report", "Turnout rose to a record high."),
    });
    store = await createPostgresStore({ url: server.url, lockWaitMs: 0, bm25: config.search.bm25, log: silentLogger });
    client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await store.build(options());
  });
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await server?.stop();
  });

  it("GIVEN a full rebuild THEN the pointer moves to the new generation, and a process that opens the index sees it", async () => {
    const before = await pointer();
    const { view } = await store.build(options({ full: true }));
    expect(view).toBeDefined();
    const after = await pointer();
    expect(after).not.toBe(before);
    expect(await liveRows()).toEqual([after]);
    const other = await createPostgresStore({ url: server.url, lockWaitMs: 0, bm25: config.search.bm25, log: silentLogger });
    try {
      const opened = await other.open(embedder);
      expect(opened.info.generation).toBe(view!.info.generation);
    } finally {
      await other.close();
    }
  });

  it("GIVEN a full rebuild whose check fails THEN the pointer and the live generation stay as they were", async () => {
    const before = await pointer();
    const served = (await store.open(embedder)).info.generation;
    let checked = 0;
    const refused = store.build(
      options({
        full: true,
        verify: async () => {
          checked++;
          // While the check runs, nothing of the new generation may be live yet.
          expect(await pointer()).toBe(before);
          throw new Error("the check refused this build");
        },
      }),
    );
    await expect(refused).rejects.toThrow("the check refused this build");
    expect(checked).toBe(1);
    expect(await pointer()).toBe(before);
    expect(await liveRows()).toEqual([before]);
    expect((await store.open(embedder)).info.generation).toBe(served);
  });

  it("GIVEN a second index with its own table prefix in the same database THEN each serves its own corpus and neither touches the other", async () => {
    const otherCorpus = makeTempDir();
    writeFiles(otherCorpus, { "gamma.md": article("Gamma report", "A new bridge opened over the river.") });
    const served = (await store.open(embedder)).info;
    const other = await createPostgresStore({
      url: server.url,
      lockWaitMs: 0,
      bm25: config.search.bm25,
      log: silentLogger,
      tablePrefix: "community_42",
    });
    try {
      const { view } = await other.build(options({ corpusDir: otherCorpus }));
      expect(view!.articles().map((a) => a.id)).toEqual(["gamma"]);
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'community_42%' ORDER BY tablename");
      expect(tables.rows.map((r) => r.tablename)).toEqual(
        expect.arrayContaining(["community_42_generations", "community_42_live", "community_42_schema", "community_42_g1_passages"]),
      );
      // The first index is as it was: same generation, same articles.
      const first = await store.open(embedder);
      expect(first.info.generation).toBe(served.generation);
      expect(first.articles().map((a) => a.id)).toEqual(["alpha", "beta"]);
      expect((await first.lexical("bridge river", 5, {}, config.search.bm25)).length).toBe(0);
    } finally {
      await other.close();
    }
  });
});
