import { describe, expect, it } from "vitest";
import { minhashOf, signatureValues, similarity } from "../../../src/rag/corpus/minhash.js";
import { findCopies } from "../../../src/rag/copies.js";

const STORY = [
  "The Arden harbour board voted on Tuesday to dredge the inner harbour before the autumn storms,",
  "after pilots warned that silt had left the main channel too shallow for the larger ferries.",
  "The work will cost $2.4 million and close the north quay for six weeks from the first of September.",
  "Fishing boats will moor at the south pier while the dredgers work, the harbour master said,",
  "and the ferry timetable will not change. Residents near the quay were sent letters this week.",
  "The board said the last dredging, in 2019, had been delayed by a year and cost twice the estimate.",
].join(" ");

const OTHER = [
  "The Arden library will open on Sundays from next month, the council said on Wednesday,",
  "after a survey found that most readers could not visit during the week because of work.",
  "Two new librarians will be hired and the reading room will stay open until six in the evening.",
  "The change costs $80,000 a year, paid from the arts budget, and will be reviewed next spring.",
].join(" ");

const sig = (text: string) => signatureValues(minhashOf(text)!)!;

describe("MinHash signatures", () => {
  it("GIVEN the same text twice THEN the signatures are equal, whatever the case and punctuation", () => {
    expect(minhashOf(STORY)).toBe(minhashOf(STORY.toUpperCase().replace(/,/g, "")));
  });

  it("GIVEN a syndicated copy (a sentence reworded, a line added) THEN it is close; an unrelated story is not", () => {
    const copy = `${STORY.replace("the harbour master said", "a spokeswoman for the harbour said")} Reporting by the Harbour Herald.`;
    expect(similarity(sig(STORY), sig(copy))).toBeGreaterThanOrEqual(0.6);
    expect(similarity(sig(STORY), sig(OTHER))).toBeLessThan(0.2);
  });

  it("GIVEN a text of a few words THEN it has no signature (too short to call a copy)", () => {
    expect(minhashOf("The harbour froze in January.")).toBeUndefined();
  });
});

describe("findCopies", () => {
  it("GIVEN two copies of one story and another story THEN the copies are one group and the other stands alone", () => {
    const copy = `${STORY} Reporting by the Harbour Herald.`;
    const articles = [
      { id: "gazette/dredging", file: "a.md", title: "Harbour to be dredged", minhash: minhashOf(STORY) },
      { id: "herald/dredging", file: "b.md", title: "Dredgers head for Arden", minhash: minhashOf(copy) },
      { id: "gazette/library", file: "c.md", title: "Library opens Sundays", minhash: minhashOf(OTHER) },
      { id: "notes", file: "d.md", title: "No signature" },
    ];
    const groups = findCopies(articles);
    expect([...(groups.get("gazette/dredging") ?? [])].sort()).toEqual(["gazette/dredging", "herald/dredging"]);
    expect(groups.get("herald/dredging")).toBe(groups.get("gazette/dredging"));
    expect(groups.get("gazette/library")).toBeUndefined();
    expect(groups.get("notes")).toBeUndefined();
  });
});
