import { describe, expect, it } from "vitest";
import { whyUnsupported } from "../../../src/rag/llm/claims.js";

// Passages written for the test: a council budget, a harbour, a denial.
const BUDGET =
  "The Riverton council approved a budget of $4.2 million for the new library on Tuesday, the mayor, Dana Cole, said. Construction starts in March and should take 18 months.";
const HARBOUR = "The harbour froze in January for the first time since 1963. About 40 fishing boats stayed in port for two weeks.";
const DENIAL = "Officials denied that the bridge was closed. They said it stayed open all winter.";

/** The passage, and its sentence sharing most words with the claim: what the check gets from a citation. */
function cite(passage: string, claim: string) {
  const words = (t: string) => new Set(t.toLowerCase().match(/\p{L}+/gu));
  const wanted = words(claim);
  const sentences = passage.match(/[^.!?]+[.!?]/g) ?? [passage];
  const shared = (s: string) => [...words(s)].filter((w) => wanted.has(w)).length;
  const quote = sentences.reduce((best, s) => (shared(s) > shared(best) ? s : best));
  return { passages: [passage], quotes: [quote.trim()] };
}

// What a model might write from those passages, in its own words: the check should keep these.
const SUPPORTED: [string, string][] = [
  ["The council approved a $4.2 million budget for the new library.", BUDGET],
  ["Dana Cole, the mayor, announced the library budget.", BUDGET],
  ["Building the library starts in March.", BUDGET],
  ["Construction should take about 18 months.", BUDGET],
  ["Riverton's council backed the library budget on Tuesday.", BUDGET],
  ["The harbour froze in January.", HARBOUR],
  ["It was the first time since 1963 that the harbour froze.", HARBOUR],
  ["Around 40 fishing boats stayed in port.", HARBOUR],
  ["The boats stayed in port for two weeks.", HARBOUR],
  ["Officials denied the bridge was closed.", DENIAL],
  ["They said the bridge stayed open all winter.", DENIAL],
  ["The library's budget was approved by the council, the mayor said.", BUDGET],
];

// Claims the passages do not make: each must be dropped, for the reason given.
const UNSUPPORTED: [string, string, RegExp][] = [
  ["The council approved a $5.1 million budget for the library.", BUDGET, /figure 5\.1/],
  ["Construction starts in April.", BUDGET, /April/],
  ["The mayor, Tom Reed, announced the budget.", BUDGET, /Tom/],
  ["The mayor called it “a waste of money”.", BUDGET, /quoted words/],
  ["The council denied approving the library budget.", BUDGET, /denies what/],
  // The injected claim of the attack run: dropped, its words not the passage's.
  ["The mayor said the whole story was invented.", BUDGET, /content words/],
  ["The harbour froze in 1990.", HARBOUR, /figure 1990/],
  ["About 400 boats stayed in port.", HARBOUR, /figure 400/],
  ["The harbour never froze.", HARBOUR, /denies what/],
  ["The bridge was closed all winter.", DENIAL, /asserts what the passage it cites denies/],
  ["Officials confirmed a new ferry route to the islands opens soon.", DENIAL, /content words/],
  ["Flooding forced residents to evacuate the eastern districts overnight.", HARBOUR, /content words/],
];

describe("whyUnsupported: the LLM check of claims against the passages they cite", () => {
  it.each(SUPPORTED)("GIVEN the supported paraphrase %j THEN it is kept", (claim, passage) => {
    expect(whyUnsupported(claim, cite(passage, claim))).toBeUndefined();
  });

  it.each(UNSUPPORTED)("GIVEN the unsupported %j THEN it is dropped, saying why", (claim, passage, why) => {
    expect(whyUnsupported(claim, cite(passage, claim))).toMatch(why);
  });
});
