import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateQa, loadQaFile, type QaReport } from "../../../src/cli/eval/qa.js";
import { createRag } from "../../../src/rag/index.js";
import { testConfig } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

// The corpora of eval/corpora (written for the answerer: revisions, corrections, a replaced coach,
// abbreviations, look-alike roles, questions they cannot answer), asked as of each question's date.
const root = join(import.meta.dirname, "../../..");

describe.each(["arden", "league"])("the %s corpus of eval/corpora", (name) => {
  let report: QaReport;
  beforeAll(async () => {
    const rag = await createRag(testConfig(join(root, "eval/corpora", name)), { embedder: createFakeEmbedder() });
    await rag.ensureIndex();
    report = await evaluateQa(rag, loadQaFile(join(root, `eval/corpora/${name}-questions.jsonl`)));
  }, 120_000);

  const row = (type: string) => report.results.filter((r) => r.item.type === type);

  it("GIVEN a figure revised, corrected or a person replaced THEN the newest value leads and the reply names what it replaced", () => {
    const revised = report.results.filter((r) => r.item.replaced);
    expect(revised.length).toBeGreaterThan(0);
    for (const r of revised) {
      expect(r.containsGold, r.item.question).toBe(true);
      expect(r.replacedNamed, `${r.item.question}: ${r.answer.revision?.note}`).toBe(true);
      expect(r.answer.disagreement, r.item.question).toBe(false);
    }
  });

  it("GIVEN the same question as of a date before the revision THEN the value of that time leads, with no note", () => {
    for (const r of row("before-revision")) {
      expect(r.containsGold, r.item.question).toBe(true);
      expect(r.answer.revision, r.item.question).toBeUndefined();
    }
  });

  it("GIVEN a question whose value was never revised THEN the reply claims no revision (an older sentence naming the value beside another is none)", () => {
    const claimed = report.results.filter((r) => !r.item.replaced && r.answer.revision);
    expect(claimed.map((r) => `${r.item.question} → ${r.answer.revision?.note}`)).toEqual([]);
  });

  it("GIVEN any question THEN a bold short answer, when shown, is the right one", () => {
    const shown = report.results.filter((r) => r.shortShown);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((r) => !r.shortRight).map((r) => `${r.item.question} → ${r.answer.shortAnswer}`)).toEqual([]);
  });

  it("GIVEN a question the corpus cannot answer THEN no bold line is stated", () => {
    for (const r of report.results.filter((x) => x.item.unanswerable)) expect(r.answer.shortAnswer, r.item.question).toBeUndefined();
  });

  it("GIVEN answers THEN each is short: two sentences at most (three with the other side of a disagreement), 60 words on average", () => {
    for (const r of report.results.filter((x) => !x.answer.refused)) {
      expect((r.answer.answer.match(/\[\d+\]/g) ?? []).length, r.item.question).toBeLessThanOrEqual(3);
    }
    expect(report.meanAnswerWords).toBeLessThanOrEqual(60);
  });
});
