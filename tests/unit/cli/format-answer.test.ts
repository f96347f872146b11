import { describe, expect, it } from "vitest";
import { formatAnswer } from "../../../src/cli/format-answer.js";
import { coverageCurve } from "../../../src/cli/eval/news.js";
import type { Answer } from "../../../src/rag/index.js";

const base: Answer = {
  question: "q?",
  answer: "",
  refused: false,
  citations: [],
  related: [],
  disagreement: false,
  answerer: "extractive",
  timings: { retrieveMs: 0, answerMs: 0 },
};
const cite = (n: number, title: string, quote: string) => ({
  n,
  articleId: `a${n}`,
  title,
  source: "Arden Courier",
  date: "2025-06-02",
  quote,
});

describe("the terminal's answer forms", () => {
  it("GIVEN a revised value THEN the note stands under the short answer, above the sentences", () => {
    const text = formatAnswer({
      ...base,
      answer: "The council revised the budget to $9.6 million. [1]",
      shortAnswer: "$9.6 million",
      citations: [cite(1, "Pool budget rises", "The council revised the budget to $9.6 million.")],
      revision: {
        kind: "revised",
        current: "$9.6 million",
        replaced: "$9.1 million",
        note: "$9.6 million: revised on 2 June 2025 from $9.1 million (12 May 2025).",
      },
    });
    expect(text.split("\n").slice(0, 3)).toEqual([
      "$9.6 million",
      "$9.6 million: revised on 2 June 2025 from $9.1 million (12 May 2025).",
      "",
    ]);
  });

  it("GIVEN a reply that holds back THEN the closest passages follow, each quoted with its article", () => {
    const text = formatAnswer({
      ...base,
      refused: true,
      answer: "The articles do not state an answer to this. These passages come closest:",
      closest: [cite(1, "Footbridge to open", "A new footbridge will open in September.")],
      related: [{ articleId: "a1", title: "Footbridge to open" }],
    });
    expect(text).toContain(
      "Closest passages:\n[1] “A new footbridge will open in September.”\n    Footbridge to open (Arden Courier, 2 June 2025)",
    );
    expect(text).not.toContain("Related articles");
  });
});

describe("the risk-coverage curve", () => {
  it("GIVEN answers with confidences THEN each tenth of coverage answers the most confident, and questions never reckoned come last", () => {
    const rows = [
      { confidence: 0.9, right: true },
      { confidence: 0.8, right: true },
      { confidence: 0.7, right: false },
      { confidence: 0.2, right: true },
      { confidence: undefined, right: false },
    ];
    const curve = coverageCurve(rows, 10);
    expect(curve.map((p) => [p.coverage, p.accuracy])).toEqual([
      [0.1, 1],
      [0.2, 1],
      [0.3, 2 / 3],
      [0.4, 3 / 4],
      [0.5, 3 / 5],
    ]);
    expect(curve[2]!.threshold).toBe(0.7);
  });
});
