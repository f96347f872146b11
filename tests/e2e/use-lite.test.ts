import { describe, expect, it } from "vitest";

// The real USE-lite model: its worker threads agree with the main thread, and it loads only when used.
describe("USE-lite worker threads", () => {
  it("GIVEN a bulk call THEN the worker threads return the same vectors as the main thread", async () => {
    const { createUseLiteEmbedder } = await import("../../src/rag/embeddings/use-lite.js");
    const texts = Array.from({ length: 10 }, (_, i) => `Sentence number ${i} about North Korean rockets in Ukraine.`);
    const single = await createUseLiteEmbedder({ batchSize: 4, threads: 1 });
    const pooled = await createUseLiteEmbedder({ batchSize: 4, threads: 2 });
    const [a, b] = [await single.embeddings.embedDocuments(texts), await pooled.embeddings.embedDocuments(texts)];
    expect(b).toHaveLength(10);
    for (const [i, v] of b.entries()) for (const [j, x] of v.entries()) expect(x).toBeCloseTo(a[i]![j]!, 5);
  });
});

describe("loading USE-lite", () => {
  it("GIVEN a built index THEN the model loads only for the first dense query, and once", async () => {
    const { createRag } = await import("../../src/rag/index.js");
    const { copyBundledCorpus, testConfig } = await import("../support/corpus.js");
    const config = testConfig(copyBundledCorpus(), { EMBEDDINGS: "use-lite" });
    await (await createRag(config)).ensureIndex();
    const rag = await createRag(config);
    await rag.ensureIndex();
    const model = rag.embedder.embeddings as unknown as { loaded: boolean };
    expect(rag.listArticles()).toHaveLength(2);
    expect((await rag.search("Kirby", { mode: "bm25" })).length).toBeGreaterThan(0);
    expect(model.loaded).toBe(false);
    await rag.search("Kirby", { mode: "hybrid" });
    expect(model.loaded).toBe(true);
  });
});
