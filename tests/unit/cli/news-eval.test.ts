import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { containsGold, evaluateNews, loadNewsQuestions, type NewsReport } from "../../../src/cli/eval/news.js";
import { silentLogger } from "../../../src/rag/index.js";
import { makeTempDir, testConfig } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

// A news-quiz set in the benchmark's layout, written for this test (never the benchmark's texts).
const ARTICLES = [
  {
    id: "regatta-2031",
    title: "Port Calder wins regatta bid",
    text: "Port Calder won the bid to host the 2031 regatta, officials said on Monday. The harbour will be dredged first.",
    date: "2025-03-03",
  },
  {
    id: "bakery",
    title: "Mill Street bakery closes",
    text: "The Mill Street bakery closed after 40 years. Its owner, Rosa Vint, thanked her customers.",
    date: "2025-03-05",
  },
  {
    // Published after the questions' date: an answer as of that date must not use it.
    id: "regatta-2032",
    title: "Glenmoor named regatta host",
    text: "Glenmoor was named the host of the 2032 regatta on Friday.",
    date: "2025-06-06",
  },
  {
    id: "ferry",
    title: "Ferry timetable changes",
    text: "The Port Calder ferry will run every hour from April, the operator said.",
    date: "2025-03-07",
  },
];

const QUESTIONS = [
  { id: "q1", question: "Which city won the bid to host the 2031 regatta?", date: "2025-03-10", answers: ["Port Calder"] },
  { id: "q2", question: "Who owned the Mill Street bakery?", date: "2025-03-10", answers: ["Rosa Vint"] },
  { id: "q3", question: "Which town was named host of the 2032 regatta?", date: "2025-03-10", answers: ["Glenmoor"] },
  { id: "q4", question: "What is the population of Port Calder?", date: "2025-03-10", answers: ["52,000"] },
];

describe("npm run eval -- news: the benchmark's protocol on a set written for the test", () => {
  let report: NewsReport;
  beforeAll(async () => {
    const dataDir = makeTempDir();
    mkdirSync(join(dataDir, "corpus"));
    writeFileSync(join(dataDir, "corpus", "news-00.jsonl"), `${ARTICLES.map((a) => JSON.stringify(a)).join("\n")}\n`);
    writeFileSync(join(dataDir, "questions.jsonl"), `${QUESTIONS.map((q) => JSON.stringify(q)).join("\n")}\n`);
    report = await evaluateNews(testConfig(join(dataDir, "corpus")), {
      dataDir,
      questions: loadNewsQuestions(dataDir),
      log: silentLogger,
      embedder: createFakeEmbedder(),
    });
  });

  it("GIVEN the README's normalisation THEN a gold counts only as whole tokens, punctuation and case aside", () => {
    expect(containsGold("It was PORT CALDER’s bid.", ["Port Calder"])).toBe(true);
    expect(containsGold("Port Caldera won.", ["Port Calder"])).toBe(false);
    expect(containsGold("about 52,000 people", ["52 000"])).toBe(true);
  });

  it("GIVEN answerable questions THEN their answers and short answers hold the gold", () => {
    const byId = new Map(report.results.map((r) => [r.id, r]));
    expect(byId.get("q1")).toMatchObject({ answerHasGold: true, shortHasGold: true, supportedCitation: true, goldInUsedPassages: true });
    expect(byId.get("q2")).toMatchObject({ answerHasGold: true, shortHasGold: true });
    // Short answers right when given: of those given, the share holding the gold.
    const given = report.results.filter((r) => !r.answer.refused && r.answer.shortAnswer);
    expect(given.length).toBeGreaterThan(0);
    expect(report.shortAnswerPrecision).toBe(given.filter((r) => r.shortHasGold).length / given.length);
  });

  it("GIVEN a gold only in an article after the question's date THEN it is in the corpus but not in the passages used", () => {
    const q3 = report.results.find((r) => r.id === "q3")!;
    expect(q3.goldInCorpus).toBe(true);
    expect(q3.goldInUsedPassages).toBe(false);
    expect(q3.answerHasGold).toBe(false);
  });

  it("GIVEN a gold nowhere in the corpus THEN it counts as absent, and its refusal as a right one", () => {
    expect(report.goldAbsent).toBe(1);
    expect(report.refusedWhenGoldAbsent).toBe(1);
    const refused = report.results.filter((r) => r.answer.refused);
    const nothingToAnswerFrom = report.results.filter((r) => !r.goldInUsedPassages);
    expect(report.refusalPrecision).toBe(refused.filter((r) => !r.goldInUsedPassages).length / refused.length);
    expect(report.refusalRecall).toBe(nothingToAnswerFrom.filter((r) => r.answer.refused).length / nothingToAnswerFrom.length);
    expect(report.answerContainsGold).toBe(0.5);
    expect(report.questions).toBe(4);
  });

  it("GIVEN answers and refusals THEN the reply figure counts a gold in an answer given or in a closest passage shown, and nothing else", () => {
    const counted = report.results.filter((r) => r.answerHasGold || r.closestHasGold).length;
    expect(report.replyHoldsGold).toBe(counted / report.questions);
    // The two answerable questions answered with the gold count; the absent one cannot.
    expect(report.replyHoldsGold).toBeGreaterThanOrEqual(0.5);
    expect(report.replyHoldsGold).toBeLessThanOrEqual(0.75);
    for (const r of report.results) if (r.closestHasGold) expect(r.answer.refused).toBe(true);
  });
});
