import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/rag/index.js";
import { createPostgresStore } from "../../../src/rag/store/postgres/index.js";
import { poolBorrowers } from "../../../src/rag/store/postgres/pools.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";
import { startPostgres } from "../../support/pglite.js";

/**
 * A bot in many servers opens a store per server library on one database: they must share the
 * process's connections, or a hundred libraries need a hundred connections (and the server refuses).
 */
describe("stores on one database share one connection pool", () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  const corpusDir = makeTempDir();
  const config = testConfig(corpusDir);
  const embedder = createFakeEmbedder();

  beforeAll(async () => {
    // Two connections at most: more stores than that, each with a pool of its own, would be refused.
    server = await startPostgres({ maxConnections: 2 });
    writeFiles(corpusDir, { "alpha.md": article("Alpha report", "The harbour froze in January.") });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("GIVEN six indexes in one database THEN all build and answer through one pool, which ends when the last closes", async () => {
    const open = (prefix: string) =>
      createPostgresStore({ url: server.url, lockWaitMs: 0, bm25: config.search.bm25, log: silentLogger, tablePrefix: prefix });
    const stores = [];
    for (let i = 0; i < 6; i++) stores.push(await open(`pooltest_s${i}`));
    expect(poolBorrowers(server.url)).toBe(6);
    const build = { corpusDir, maxArticleBytes: config.corpus.maxArticleBytes, split: config.split, embedder, log: silentLogger };
    for (const store of stores) expect((await store.build(build)).view?.info.articles).toBe(1);

    for (const store of stores.slice(0, 5)) await store.close();
    expect(poolBorrowers(server.url)).toBe(1);
    // The pool is still there for the one left open.
    expect((await stores[5]!.open(embedder)).info.articles).toBe(1);
    await stores[5]!.close();
    await stores[5]!.close(); // twice changes nothing
    expect(poolBorrowers(server.url)).toBe(0);

    // A store opened after the pool ended opens a new one.
    const again = await open("pooltest_s0");
    expect((await again.open(embedder)).info.articles).toBe(1);
    await again.close();
  });
});
