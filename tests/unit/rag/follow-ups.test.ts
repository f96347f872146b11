import { describe, expect, it } from "vitest";
import { resolveFollowUp } from "../../../src/rag/answer/follow-ups.js";

describe("follow-ups without a model (answer/follow-ups.ts)", () => {
  const turn = (question: string, shortAnswer?: string) => [{ question, answer: "…", ...(shortAnswer ? { shortAnswer } : {}) }];

  it.each([
    // The pronoun is replaced by what it stands for: the previous question's subject.
    ["Who designed the new footbridge?", undefined, "When does it open?", "When does the new footbridge open?"],
    ["Who is the head coach of the Harbor Hawks?", "Tina Booker", "When was she hired?", "When was Tina Booker hired?"],
    ["Who is the head coach of the Harbor Hawks?", "Tina Booker", "Who hired her?", "Who hired Tina Booker?"],
    ["Who is the head coach of the Harbor Hawks?", "Tina Booker", "How long is her contract?", "How long is Tina Booker's contract?"],
    ["Who is the head coach of the Harbor Hawks?", undefined, "How many games did they win?", "How many games did the Harbor Hawks win?"],
    // A yes/no question's "it" is the claim it asked about.
    [
      "Did North Korea sell weapons to the Wagner Group?",
      undefined,
      "And who denied it?",
      "Who denied whether North Korea sold weapons to the Wagner Group?",
    ],
    ["Did North Korea sell weapons to the Wagner Group?", undefined, "Why?", "Why did North Korea sell weapons to the Wagner Group?"],
    // Asked of something else, or leaning on the last question without a pronoun.
    ["How much did the EPA fine Kessler Chemicals?", undefined, "What about Ardent Paints?", "How much did the EPA fine Ardent Paints?"],
    [
      "Did North Korea sell weapons to the Wagner Group?",
      undefined,
      "and what did the UK say?",
      "What did the UK say about whether North Korea sold weapons to the Wagner Group?",
    ],
    // A question that stands alone is left alone; "that" before a noun is no pronoun.
    ["Did North Korea sell weapons to the Wagner Group?", undefined, "Who is John Kirby?", "Who is John Kirby?"],
    ["Who designed the new footbridge?", undefined, "Who paid for that bridge?", "Who paid for that bridge?"],
  ])("GIVEN %j (short answer %j) THEN %j is read as %j", (previous, short, followUp, expected) => {
    expect(resolveFollowUp(followUp, turn(previous, short))).toBe(expected);
  });

  it("GIVEN 'she' after a turn that names no person THEN it cannot be resolved (the reply asks for a full question)", () => {
    expect(resolveFollowUp("When was she appointed?", turn("How much is the budget for the new pool?"))).toBeUndefined();
  });

  it("GIVEN no earlier turn THEN the question is as asked", () => {
    expect(resolveFollowUp("When does it open?", [])).toBe("When does it open?");
  });
});
