import { describe, expect, it } from "vitest";
import { documentsFromPassages, meanScores, scoreRanking } from "../../../src/cli/eval/metrics.js";

describe("retrieval metrics", () => {
  it.each([
    [["a", "x", "y"], ["a"], { ndcg10: 1, recall10: 1, mrr10: 1 }],
    [["x", "a", "y"], ["a"], { ndcg10: 1 / Math.log2(3), recall10: 1, mrr10: 0.5 }],
    [["x", "y", "z"], ["a"], { ndcg10: 0, recall10: 0, mrr10: 0 }],
    [["a", "x", "b"], ["a", "b"], { ndcg10: (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)), recall10: 1, mrr10: 1 }],
  ])("GIVEN the ranking %j and relevant %j THEN the scores match trec_eval's definitions", (ranked, relevant, expected) => {
    const s = scoreRanking(ranked, new Set(relevant));
    expect(s.ndcg10).toBeCloseTo(expected.ndcg10, 10);
    expect(s.recall10).toBeCloseTo(expected.recall10, 10);
    expect(s.mrr10).toBeCloseTo(expected.mrr10, 10);
  });

  it("GIVEN a relevant document at rank 50 THEN it counts for recall@100 only", () => {
    const ranked = [...Array.from({ length: 49 }, (_, i) => `x${i}`), "a"];
    expect(scoreRanking(ranked, new Set(["a"]))).toMatchObject({ recall10: 0, recall100: 1 });
  });

  it("GIVEN passages of the same document THEN the document keeps its best rank", () => {
    expect(documentsFromPassages(["d1", "d2", "d1", "d3", "d2"])).toEqual(["d1", "d2", "d3"]);
  });

  it("GIVEN several queries THEN the mean is per metric", () => {
    expect(meanScores([scoreRanking(["a"], new Set(["a"])), scoreRanking(["x"], new Set(["a"]))]).ndcg10).toBe(0.5);
  });
});
