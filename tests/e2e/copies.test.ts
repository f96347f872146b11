import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderAnswer } from "../../src/bot/render.js";
import { formatAnswer } from "../../src/cli/format-answer.js";
import { createRag, type Rag } from "../../src/rag/index.js";
import { article, makeTempDir, testConfig, writeFiles } from "../support/corpus.js";
import { createFakeEmbedder } from "../support/fake-embedder.js";

const STORY = [
  "The Arden harbour board voted on Tuesday to dredge the inner harbour before the autumn storms,",
  "after pilots warned that silt had left the main channel too shallow for the larger ferries.",
  "The dredging will cost $2.4 million and close the north quay for six weeks from the first of September.",
  "Fishing boats will moor at the south pier while the dredgers work, the harbour master said,",
  "and the ferry timetable will not change. Residents near the quay were sent letters this week.",
].join(" ");

describe("copies of one story across outlets", () => {
  let rag: Rag;
  beforeAll(async () => {
    const dir = join(makeTempDir(), "corpus");
    writeFiles(dir, {
      "gazette-dredging.md": article("Harbour to be dredged before the storms", STORY, "source: Arden Gazette\ndate: 2025-06-03\n"),
      "herald-dredging.md": article(
        "Dredgers head for Arden",
        `${STORY} Reporting by wire staff.`,
        "source: Harbour Herald\ndate: 2025-06-03\n",
      ),
      "post-dredging.md": article(
        "Arden quay to close for dredging",
        STORY.replace("the harbour master said", "a harbour spokeswoman said"),
        "source: Arden Post\ndate: 2025-06-04\n",
      ),
      "library.md": article(
        "Library opens on Sundays",
        "The Arden library will open on Sundays from next month, the council said, after a survey of readers. ".repeat(3),
        "source: Arden Gazette\n",
      ),
    });
    rag = await createRag(testConfig(dir), { embedder: createFakeEmbedder() });
    await rag.ensureIndex();
  });

  it("GIVEN three outlets' copies THEN search shows the story once, naming the other outlets", async () => {
    const hits = await rag.search("How much will the harbour dredging cost?", { k: 5, maxPerArticle: 5 });
    const dredging = hits.filter((h) => /dredg/i.test(h.article.title));
    expect(new Set(dredging.map((h) => h.article.id)).size).toBe(1);
    const others = dredging[0]!.article.copies!.map((c) => c.source).sort();
    expect(others).toHaveLength(2);
    expect(["Arden Gazette", "Arden Post", "Harbour Herald"]).toEqual(expect.arrayContaining([dredging[0]!.article.source, ...others]));
  });

  it("GIVEN a question about the story THEN one copy is cited and the reply says which other outlets carried it", async () => {
    const answer = await rag.ask("How much will the Arden harbour dredging cost?");
    expect(answer.answer).toContain("$2.4 million");
    const cited = answer.citations.filter((c) => /dredg/i.test(c.title));
    expect(cited).toHaveLength(1);
    expect(cited[0]!.alsoIn).toHaveLength(2);
    expect(formatAnswer(answer)).toMatch(
      /Also carried by (Arden Gazette|Harbour Herald|Arden Post) and (Arden Gazette|Harbour Herald|Arden Post)\./,
    );
    const rendered = renderAnswer(answer, { key: "k", footer: "f" });
    expect(JSON.stringify(rendered.embeds)).toMatch(/Also carried by/);
  });

  it("GIVEN the search as of a day before the third copy THEN that copy is not named", async () => {
    const hits = await rag.search("harbour dredging cost", { k: 3, asOf: "2025-06-03T23:00:00Z" });
    const copies = hits.find((h) => /dredg/i.test(h.article.title))!.article.copies ?? [];
    expect(copies.map((c) => c.source)).not.toContain("Arden Post");
  });
});
