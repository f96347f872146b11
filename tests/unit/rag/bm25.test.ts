import { describe, expect, it } from "vitest";
import { buildBm25, searchBm25 } from "../../../src/rag/store/local/bm25.js";
import { LexicalIndex } from "../../../src/rag/store/local/lexical.js";
import type { Passage } from "../../../src/rag/index.js";
import { makeTempDir } from "../../support/corpus.js";

const analyse = (t: string) => t.toLowerCase().split(/\W+/).filter(Boolean);
const passage = (id: string, title: string, text: string): Passage => ({
  id,
  articleId: id.split("#")[0]!,
  title,
  text,
  start: 0,
  end: text.length,
});

describe("BM25 in typed arrays", () => {
  it("GIVEN a tiny corpus THEN scores equal the BM25 formula computed by hand", async () => {
    const docs = [
      { id: "a", fields: ["cat cat dog"] },
      { id: "b", fields: ["dog bird"] },
      { id: "c", fields: ["fish"] },
    ];
    const data = await buildBm25(docs, 1, analyse);
    const terms = new Map(data.vocabulary.map((t, i) => [t, i]));
    const [k1, b] = [1.2, 0.75];
    const avg = (3 + 2 + 1) / 3;
    const idf = (df: number) => Math.log(1 + (3 - df + 0.5) / (df + 0.5));
    const bm25 = (tf: number, len: number, df: number) => (idf(df) * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / avg));
    const hits = searchBm25(data, terms, ["cat", "dog"], 10, { k1, b, boosts: [1] });
    expect(hits.map((h) => data.ids[h.doc])).toEqual(["a", "b"]);
    expect(hits[0]!.score).toBeCloseTo(bm25(2, 3, 1) + bm25(1, 3, 2), 10);
    expect(hits[1]!.score).toBeCloseTo(bm25(1, 2, 2), 10);
  });

  it("GIVEN two fields THEN each is scored with its own statistics and boost, and document frequency counts either", async () => {
    const data = await buildBm25(
      [
        { id: "a", fields: ["harbour", "ice"] },
        { id: "b", fields: ["ice", "harbour harbour"] },
      ],
      2,
      analyse,
    );
    const terms = new Map(data.vocabulary.map((t, i) => [t, i]));
    expect(data.documentFrequency[terms.get("harbour")!]).toBe(2);
    const titleFirst = searchBm25(data, terms, ["harbour"], 2, { k1: 1.2, b: 0.75, boosts: [10, 1] });
    expect(data.ids[titleFirst[0]!.doc]).toBe("a");
    const textFirst = searchBm25(data, terms, ["harbour"], 2, { k1: 1.2, b: 0.75, boosts: [0.1, 1] });
    expect(data.ids[textFirst[0]!.doc]).toBe("b");
  });

  it("GIVEN an update THEN it ranks exactly as a fresh build of the same passages, and survives save and load", async () => {
    const before = [
      passage("a#0", "Harbour", "The harbour froze in January."),
      passage("b#0", "Election", "Turnout rose."),
      passage("c#0", "Bridge", "A bridge opened over the harbour."),
    ];
    const added = [
      passage("d#0", "Volcano", "A film about volcanoes and the harbour."),
      passage("a#0", "Harbour", "The harbour thawed in March."),
    ];
    const updated = await (await LexicalIndex.build(before)).update(new Set(["a#0", "b#0"]), added);
    const fresh = await LexicalIndex.build([before[2]!, ...added]);
    const dir = makeTempDir();
    await updated.save(dir);
    const loaded = await LexicalIndex.load(dir);
    for (const q of ["harbour", "thawed march", "turnout", "volcanoes bridge"]) {
      const expected = fresh.query(q, 10, { k1: 1.2, b: 0.75 });
      expect(updated.query(q, 10, { k1: 1.2, b: 0.75 })).toEqual(expected);
      expect(loaded.query(q, 10, { k1: 1.2, b: 0.75 })).toEqual(expected);
    }
    expect(loaded.size).toBe(3);
    expect(loaded.documentFrequency("turnout")).toBe(0);
    expect(loaded.vocabulary()).not.toContain("turnout");
    expect(loaded.query("harbour", 10, { k1: 1.2, b: 0.75 }, (id) => id !== "c#0").map((h) => h.id)).not.toContain("c#0");
  });
});
