import { beforeAll, describe, expect, it } from "vitest";
import { createRag, type Rag } from "../../src/rag/index.js";
import { copyBundledCorpus, testConfig } from "../support/corpus.js";

// The bundled corpus with the real offline model (USE-lite) and real hnswlib: what a user gets.
describe("the bundled corpus", () => {
  let rag: Rag;
  beforeAll(async () => {
    rag = await createRag(testConfig(copyBundledCorpus(), { EMBEDDINGS: "use-lite" }));
    const report = await rag.ensureIndex();
    expect(report).toMatchObject({ articles: 2, skipped: [], duplicates: [] });
  });

  it("GIVEN the two seed articles THEN both index with their metadata", () => {
    const articles = rag.listArticles();
    expect(articles.map((a) => a.id)).toEqual(["wagner-group-north-korean-weapons-ukraine", "us-claims-north-korea-sold-arms-to-wagner"]);
    expect(articles[0]).toMatchObject({ author: "Belal Awad", source: "Light Wave", date: "2023-07-30" });
  });

  it.each([
    ["Putin's chef", "us-claims-north-korea-sold-arms-to-wagner", "Putin’s Chef"],
    ["Kirby Wagner", "us-claims-north-korea-sold-arms-to-wagner", "Kirby"],
    ["Phillip Ingram Sky News", "wagner-group-north-korean-weapons-ukraine", "Ingram"],
    ["rockets in Dnipro", "wagner-group-north-korean-weapons-ukraine", "Dnipro"],
  ])("GIVEN the query %j THEN the first hit is %s", async (query, articleId, phrase) => {
    const hits = await rag.search(query);
    expect(hits[0]!.article.id).toBe(articleId);
    expect(hits[0]!.passage.text).toContain(phrase);
  });

  it("GIVEN a paraphrase with no shared keyword THEN dense search still finds the right passage", async () => {
    const hits = await rag.search("troops made of prisoners", { mode: "dense", k: 3 });
    expect(hits.map((h) => h.passage.text).join(" ")).toMatch(/convicts/);
  });

  it("GIVEN the page furniture THEN none of it is in the articles", async () => {
    const all = (await rag.search("comment name author bio RavenCrest In brief", { k: 20, maxPerArticle: 20, mode: "bm25" }))
      .map((h) => h.passage.text)
      .join("\n");
    expect(all).not.toMatch(/Please enter your|RavenCrest|In brief|Wikimedia|security consultant/);
  });
});
