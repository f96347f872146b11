import { describe, expect, it } from "vitest";
import { hasAnswerType, parseQuestion } from "../../../src/rag/answer/question.js";

describe("parseQuestion", () => {
  it.each([
    ["Who wrote the article about Wagner?", "author"],
    ["Who published the article written by Belal Awad?", "source"],
    ["Who wrote the article published by Light Wave?", "author"],
    ["When was the Light Wave article published?", "date"],
    ["Which outlet ran the story?", "source"],
    ["What is the article's link?", "url"],
    ["When did the siege of Bakhmut begin?", undefined],
    ["Who heads the Wagner Group?", undefined],
  ])("GIVEN %j THEN the metadata field is %s", (q, field) => {
    expect(parseQuestion(q).metadata).toBe(field);
  });

  it.each([
    ["How many civilians died?", "number"],
    ["How much does Wagner spend?", "number"],
    ["When did it begin?", "time"],
    ["What year was the election?", "time"],
    ["Who heads the group?", "person"],
    ["What did Kirby say?", "any"],
  ])("GIVEN %j THEN the answer type is %s", (q, type) => {
    expect(parseQuestion(q).answerType).toBe(type);
  });

  it("GIVEN a question THEN its content terms are stemmed, irregular forms joined, question words dropped", () => {
    const q = parseQuestion("Did North Korea sell weapons to the Wagner Group?");
    expect(q.terms).toEqual(["north", "korea", "sell", "weapon", "wagner", "group"]);
    expect(q.entities).toEqual(["North", "Korea", "Wagner", "Group"]);
    expect(parseQuestion("Who sold arms?").terms).toEqual(["sell", "weapon"]);
  });

  it.each([
    ["It cost USD 100 million.", "number", true],
    ["It cost a lot.", "number", false],
    ["It happened in March 2022.", "time", true],
    ["It happened.", "time", false],
    ["John Kirby said so.", "person", true],
    ["he said so.", "person", false],
  ])("GIVEN the sentence %j and the answer type %s THEN it holds one: %s", (sentence, type, expected) => {
    expect(hasAnswerType(sentence, type as "number")).toBe(expected);
  });
});
