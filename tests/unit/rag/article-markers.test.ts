import { beforeAll, describe, expect, it } from "vitest";
import { createRag, type Rag } from "../../../src/rag/index.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

describe("footnote marks in article text", () => {
  let rag: Rag;
  beforeAll(async () => {
    const dir = makeTempDir();
    writeFiles(dir, {
      // Plain text keeps its brackets (Markdown would read "[2] [3]" as a reference link).
      "ferry.txt":
        "Night ferry\nThe night ferry leaves the north quay at 9 p.m. every day [2] [3]. The night ferry is run by Harbour Lines, the port said. Tickets cost four pounds.",
      "bridge.md": article("New bridge", "The new bridge over the river opened in May. The bridge cost the council 40 million pounds."),
    });
    rag = await createRag(testConfig(dir), { embedder: createFakeEmbedder(), llm: null });
    await rag.ensureIndex();
  });

  it("GIVEN an answer from a sentence that carries [2] [3] THEN the answer carries only its own markers, and the quote the article's words", async () => {
    const answer = await rag.ask("Where does the night ferry leave from?");
    expect(answer.refused).toBe(false);
    expect(answer.citations.map((c) => c.articleId)).toEqual(["ferry"]);
    expect(answer.answer).toContain("The night ferry leaves the north quay at 9 p.m. every day. [1]");
    expect(new Set(answer.answer.match(/\[\d+\]/g))).toEqual(new Set(["[1]"]));
    expect(answer.citations[0]!.quote).toContain("every day [2] [3].");
  });
});
