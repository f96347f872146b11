import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fittedWeights } from "../../../src/rag/answer/weights.js";
import { featuresHash } from "../../../scripts/features-hash.js";

const root = join(import.meta.dirname, "../../..");
const weights = JSON.parse(readFileSync(join(root, "src/rag/answer/weights.json"), "utf8"));

describe("the answerer's fitted weights", () => {
  it("GIVEN the code that computes the features THEN weights.json was fitted (or checked) against this very code", () => {
    // Fails when a feature's computation changes and the weights were not refitted:
    // npx tsx scripts/fit-answerer.ts --half odd --write
    expect(weights.featuresHash, "the features changed since the weights were fitted: refit them").toBe(featuresHash(root));
  });

  it("GIVEN each model THEN it says where its numbers come from", () => {
    for (const model of ["sentence", "entity", "refusal", "thresholds"]) {
      expect(weights[model].provenance, model).toMatch(/scripts\/fit-answerer\.ts .*\d{4}-\d{2}-\d{2}/);
    }
  });

  it.each([
    ["a feature with no weight", ["coverage", "context", "rank", "recency", "recencyCued", "novelty"], /no weight for novelty/],
    [
      "a weight for a feature gone",
      ["coverage", "context", "rank", "recency"],
      /a weight for recencyCued, which the code no longer computes/,
    ],
  ])("GIVEN %s THEN loading the weights fails, naming it and how to refit", (_name, features, message) => {
    expect(() => fittedWeights("sentence", features)).toThrow(message);
    expect(() => fittedWeights("sentence", features)).toThrow(/fit-answerer\.ts --half odd --write/);
  });

  it("GIVEN the features the code computes THEN every weight is a finite number", () => {
    const sentence = fittedWeights("sentence", ["coverage", "context", "rank", "recency", "recencyCued"]);
    expect(sentence).toEqual(weights.sentence.weights);
  });
});
