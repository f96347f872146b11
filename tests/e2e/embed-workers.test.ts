import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createRag, silentLogger } from "../../src/rag/index.js";
import { createPostgresStore } from "../../src/rag/store/postgres/index.js";
import { article, makeTempDir, testConfig, writeFiles } from "../support/corpus.js";
import { createFakeEmbedder } from "../support/fake-embedder.js";
import { startFakeEmbeddings } from "../support/fake-embeddings.js";
import { livePassagesWithoutVector, startPostgres } from "../support/pglite.js";
import type { IndexStore } from "../../src/rag/store/store.js";
import { runCli } from "../support/run-cli.js";

// Embed workers with the PostgreSQL store: passages stored without vectors by a lexical-first
// build, embedded by any number of processes claiming batches of them.

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Thirty short articles, each about its own numbered lighthouse. */
function lighthouses(n = 30): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    files[`light-${i}.md`] = article(`Lighthouse ${i}`, `Lighthouse number ${i} stands on cape ${i}. Its keeper logs ships.`);
  }
  return files;
}

async function pendingIn(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await livePassagesWithoutVector(client);
  } finally {
    await client.end();
  }
}

/** Builds `corpusDir` into `store` lexical first with an embedder that fails at once: every new passage is left waiting. */
function buildLeavingVectorsToWorkers(store: IndexStore, corpusDir: string, url: string) {
  const config = testConfig(corpusDir, { INDEX_STORE: "postgres", DATABASE_URL: url });
  const failing = createFakeEmbedder();
  failing.embeddings.failOnCall = 1;
  return store.build({
    corpusDir,
    maxArticleBytes: config.corpus.maxArticleBytes,
    split: config.split,
    embedder: failing,
    log: silentLogger,
    lexicalFirst: true,
  });
}

async function database(): Promise<string> {
  const server = await startPostgres();
  cleanups.push(() => server.stop());
  return server.url;
}

/** A store on `url` and a corpus live on it with every passage still to embed (its build's embedder failed at once). */
async function liveButUnembedded(url: string, files: Record<string, string>) {
  const corpusDir = makeTempDir();
  writeFiles(corpusDir, files);
  const config = testConfig(corpusDir, { INDEX_STORE: "postgres", DATABASE_URL: url });
  const open = async () => {
    const store = await createPostgresStore({ url, lockWaitMs: 0, bm25: config.search.bm25, log: silentLogger });
    cleanups.push(() => store.close());
    return store;
  };
  const store = await open();
  const { report } = await buildLeavingVectorsToWorkers(store, corpusDir, url);
  expect(report.embedding).toMatchObject({ pending: Object.keys(files).length, error: "embedding server went away" });
  return { store, open };
}

describe("embed workers on the postgres store", () => {
  it("GIVEN passages waiting for vectors THEN two workers share them, each passage embedded once, and dense search finds them", async () => {
    const url = await database();
    const { store, open } = await liveButUnembedded(url, lighthouses());
    expect(await pendingIn(url)).toBe(30);
    // Each worker its own connection, as on two machines; a model that takes a moment per batch.
    const slow = () => {
      const embedder = createFakeEmbedder();
      const embed = embedder.embeddings.embedDocuments.bind(embedder.embeddings);
      embedder.embeddings.embedDocuments = async (texts) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return embed(texts);
      };
      return embedder;
    };
    const [a, b] = [slow(), slow()];
    const [one, two] = await Promise.all([
      store.embedQueued!(a, { batch: 3, pollMs: 20 }),
      (await open()).embedQueued!(b, { batch: 3, pollMs: 20 }),
    ]);
    expect(one.embedded).toBeGreaterThan(0);
    expect(two.embedded).toBeGreaterThan(0);
    expect(one.embedded + two.embedded).toBe(30);
    const texts = [...a.embeddings.texts, ...b.embeddings.texts];
    expect(texts).toHaveLength(30);
    expect(new Set(texts).size).toBe(30);
    expect(await pendingIn(url)).toBe(0);
    const view = await store.open(createFakeEmbedder());
    expect(view.info).toMatchObject({ passages: 30, embedded: 30 });
    const query = await createFakeEmbedder().embeddings.embedQuery("Lighthouse 17\nLighthouse number 17 stands on cape 17.");
    expect((await view.dense(query, 1, {}, 40))[0]!.articleId).toBe("light-17");
  });

  it("GIVEN a serving process THEN its fresh stats (what /status shows) follow a worker's embedding in another process", async () => {
    const url = await database();
    const files = lighthouses(5);
    const { store } = await liveButUnembedded(url, files);
    const corpusDir = makeTempDir();
    writeFiles(corpusDir, files);
    const reader = await createRag(testConfig(corpusDir, { INDEX_STORE: "postgres", DATABASE_URL: url, INDEX_CHECK_MS: "0" }), {
      log: silentLogger,
      embedder: createFakeEmbedder(),
      llm: null,
    });
    cleanups.push(() => reader.close());
    await reader.ensureIndex();
    expect(await reader.freshStats()).toMatchObject({ passages: 5, embedded: 0, store: "postgres" });
    await store.embedQueued!(createFakeEmbedder(), { batch: 2 });
    expect(await reader.freshStats()).toMatchObject({ passages: 5, embedded: 5 });
  });

  it("GIVEN a worker that stops answering THEN its batch is claimed again when its lease ends, and its late write changes nothing", async () => {
    const url = await database();
    const { store, open } = await liveButUnembedded(url, lighthouses(6));
    const stuck = createFakeEmbedder();
    const embed = stuck.embeddings.embedDocuments.bind(stuck.embeddings);
    let resume = () => {};
    let claimed = () => {};
    const hasClaimed = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    stuck.embeddings.embedDocuments = async (texts) => {
      claimed();
      await new Promise<void>((resolve) => {
        resume = resolve;
      });
      return embed(texts);
    };
    const hung = (await open()).embedQueued!(stuck, { batch: 2, leaseMs: 300, pollMs: 20 });
    await hasClaimed;
    const healthy = createFakeEmbedder();
    const done = await store.embedQueued!(healthy, { batch: 2, leaseMs: 300, pollMs: 20 });
    // All six, the stuck worker's two included once their lease ended.
    expect(done.embedded).toBe(6);
    expect(await pendingIn(url)).toBe(0);
    resume();
    expect((await hung).embedded).toBe(0);
  });

  it("GIVEN --follow THEN a worker waits, embeds passages a later index run leaves waiting, and stops when told", async () => {
    const url = await database();
    const files = lighthouses(3);
    const { store, open } = await liveButUnembedded(url, files);
    const stop = new AbortController();
    const worker = createFakeEmbedder();
    const following = (await open()).embedQueued!(worker, {
      follow: true,
      pollMs: 20,
      signal: stop.signal,
    });
    await expect.poll(() => pendingIn(url), { timeout: 10_000 }).toBe(0);
    // A later run adds an article and, its own embedder failing, leaves it to the workers.
    const corpusDir = makeTempDir();
    writeFiles(corpusDir, { ...files, "light-new.md": article("Lighthouse new", "A new lighthouse was lit on the northern reef.") });
    const { report } = await buildLeavingVectorsToWorkers(store, corpusDir, url);
    expect(report).toMatchObject({ added: ["light-new"] });
    await expect.poll(() => worker.embeddings.texts.some((t) => t.startsWith("Lighthouse new")), { timeout: 10_000 }).toBe(true);
    expect(await pendingIn(url)).toBe(0);
    stop.abort();
    expect(await following).toMatchObject({ embedded: 4 });
  });

  it("GIVEN an embedder other than the index's THEN a worker refuses, naming the one to set", async () => {
    const url = await database();
    const { store } = await liveButUnembedded(url, lighthouses(2));
    await expect(store.embedQueued!(createFakeEmbedder("another-model"))).rejects.toThrow(/embedded with fake-bow.*EMBEDDINGS=fake-bow/);
  });
});

describe("npm run embed-worker", () => {
  it("GIVEN an index run whose embedder failed THEN two worker processes embed the rest between them and the index answers by meaning", async () => {
    const url = await database();
    const embeddings = await startFakeEmbeddings(() => ({ dimension: 32 }));
    cleanups.push(() => embeddings.close());
    const corpus = makeTempDir();
    writeFiles(corpus, lighthouses());
    const env = {
      INDEX_STORE: "postgres",
      DATABASE_URL: url,
      EMBEDDINGS: "openai:fake-embed-1",
      EMBEDDINGS_BASE_URL: embeddings.baseUrl,
      EMBEDDINGS_BATCH_SIZE: "4",
    };
    // Passages are refused (400, not retried) during the index run: it goes live by words only.
    embeddings.setScript((_n, request) => (request.input.some((t) => t.startsWith("Lighthouse")) ? { status: 400 } : { dimension: 32 }));
    const index = await runCli("index.ts", ["--corpus", corpus], env);
    expect(index.code).toBe(1);
    expect(index.stdout).toMatch(/30 passages are found by their words only/);
    expect(await pendingIn(url)).toBe(30);

    embeddings.setScript(() => ({ dimension: 32, delayMs: 30 }));
    embeddings.requests.length = 0;
    const workers = await Promise.all([0, 1].map(() => runCli("embed-worker", ["--batch", "3", "--corpus", corpus], env)));
    const counts = workers.map((w) => {
      expect(w.stderr).not.toMatch(/error/i);
      expect(w.code).toBe(0);
      return Number(/embedded (\d+) passages/.exec(w.stdout)?.[1]);
    });
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    expect(counts[0]! + counts[1]!).toBe(30);
    const passageTexts = embeddings.requests.flatMap((r) => r.input).filter((t) => t.startsWith("Lighthouse"));
    expect(new Set(passageTexts).size).toBe(30);
    expect(passageTexts).toHaveLength(30);
    expect(await pendingIn(url)).toBe(0);

    const search = await runCli(
      "search.ts",
      ["--corpus", corpus, "--json", "--mode", "dense", "-k", "1", "Lighthouse number 23 cape 23"],
      env,
    );
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout)[0]).toMatchObject({ articleId: "light-23" });
  }, 120_000);

  it("GIVEN the local store THEN the worker says it needs the postgres store", async () => {
    const corpus = makeTempDir();
    writeFiles(corpus, lighthouses(1));
    const result = await runCli("embed-worker", ["--corpus", corpus], { EMBEDDINGS: "use-lite" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PostgreSQL store \(INDEX_STORE=postgres\)/);
  });
});
