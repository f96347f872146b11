import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRag, silentLogger } from "../../src/rag/index.js";
import { article, makeTempDir, testConfig, writeFiles } from "../support/corpus.js";
import { startFakeEmbeddings } from "../support/fake-embeddings.js";

// EMBEDDINGS=openai:<model> against a local OpenAI-compatible /v1/embeddings endpoint: the path to
// GPU embedding (text-embeddings-inference, Ollama, vLLM), driven through the real client.
let server: Awaited<ReturnType<typeof startFakeEmbeddings>>;
beforeAll(async () => {
  server = await startFakeEmbeddings(() => ({ dimension: 32 }));
});
afterAll(async () => {
  await server.close();
});

const CORPUS = {
  "harbour.md": article("Harbour report", "The harbour froze in January. Ships waited outside for weeks."),
  "election.md": article("Election report", "Turnout rose to a record high in the election this year."),
  "bridge.md": article("Bridge notes", "A new bridge opened over the river in May."),
};

function setup(env: Record<string, string> = {}) {
  const corpusDir = makeTempDir();
  writeFiles(corpusDir, CORPUS);
  return testConfig(corpusDir, {
    EMBEDDINGS: "openai:fake-embed-1",
    EMBEDDINGS_BASE_URL: server.baseUrl,
    EMBEDDINGS_BATCH_SIZE: "2",
    INDEX_DIR: join(makeTempDir(), "index"),
    ...env,
  });
}

describe("EMBEDDINGS=openai:<model> with a local server", () => {
  it("GIVEN a corpus THEN the index is built through the server in batches and dense search finds the passage", async () => {
    server.setScript(() => ({ dimension: 32 }));
    server.requests.length = 0;
    const rag = await createRag(setup(), { log: silentLogger, llm: null });
    expect(rag.embedder).toMatchObject({ id: "openai:fake-embed-1", dimension: 32 });
    const report = await rag.ensureIndex();
    expect(report).toMatchObject({ articles: 3, embedded: 3 });
    // A probe for the dimension, the passages (title and text) at most EMBEDDINGS_BATCH_SIZE at a
    // time, then the question the new build is checked with.
    expect(server.requests[0]!.input).toEqual(["dimension probe"]);
    const passageRequests = server.requests.filter((r) => r.input.some((t) => /^(Harbour report|Election report|Bridge notes)\s/.test(t)));
    expect(passageRequests.flatMap((r) => r.input)).toHaveLength(3);
    expect(Math.max(...passageRequests.map((r) => r.input.length))).toBe(2);
    expect(server.requests.every((r) => r.model === "fake-embed-1")).toBe(true);
    const hits = await rag.search("bridge over the river", { k: 1, mode: "dense" });
    expect(hits[0]!.article.id).toBe("bridge");
  });

  it("GIVEN a 429 and then a 500 THEN both are retried and the build completes", async () => {
    server.requests.length = 0;
    // The batch holding the harbour passage is refused twice (429, then 500), then served. Batches
    // go out concurrently, so the script picks the batch by its content, not by its order.
    let tries = 0;
    server.setScript((_n, request) => {
      if (!request.input.some((t) => t.startsWith("Harbour report"))) return { dimension: 32 };
      tries++;
      return tries === 1 ? { status: 429 } : tries === 2 ? { status: 500 } : { dimension: 32 };
    });
    const rag = await createRag(setup(), { log: silentLogger, llm: null });
    const report = await rag.ensureIndex();
    expect(report).toMatchObject({ articles: 3, embedded: 3 });
    expect(tries).toBe(3);
    expect((await rag.search("harbour froze", { k: 1, mode: "dense" }))[0]!.article.id).toBe("harbour");
  }, 60_000);

  it("GIVEN a server that changes its vectors' size THEN the build is refused with the reason and the live index stays", async () => {
    server.setScript(() => ({ dimension: 32 }));
    const config = setup();
    const rag = await createRag(config, { log: silentLogger, llm: null });
    await rag.ensureIndex();
    writeFiles(config.corpus.dir, { "keeper.md": article("Keeper notes", "The lighthouse keeper served forty years.") });
    server.setScript(() => ({ dimension: 16 }));
    // The new build is checked with a question before it goes live: the query's vector gives it away.
    await expect(rag.reindex()).rejects.toMatchObject({
      code: "EMBEDDINGS_UNAVAILABLE",
      message: expect.stringMatching(/wrong size \(16; the index has 32\)/),
    });
    expect(rag.stats()).toMatchObject({ articles: 3, dimension: 32 });
    server.setScript(() => ({ dimension: 32 }));
    expect((await rag.search("bridge over the river", { k: 1, mode: "dense" }))[0]!.article.id).toBe("bridge");
    expect(await rag.reindex()).toMatchObject({ added: ["keeper"], embedded: 1 });
  });
});
