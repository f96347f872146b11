import { describe, expect, it } from "vitest";
import { findAbbreviations } from "../../../src/rag/corpus/abbreviations.js";
import { Abbreviations } from "../../../src/rag/answer/abbreviations.js";
import { termsOf } from "../../../src/rag/store/term-stats.js";

describe("abbreviations an article defines (corpus/abbreviations.ts)", () => {
  it("GIVEN long forms in brackets' company THEN each is learned with its initials, small words skipped", () => {
    const text =
      "The Environmental Protection Agency (EPA) fined the plant. Its chief financial officer (CFO) resigned. " +
      "The Parks and Recreation Department (PRD) runs the pool. The World Anti-Doping Agency (WADA) agreed.";
    expect(findAbbreviations(text)).toEqual({
      EPA: "Environmental Protection Agency",
      CFO: "chief financial officer",
      PRD: "Parks and Recreation Department",
      WADA: "World Anti-Doping Agency",
    });
  });

  it("GIVEN brackets that define nothing THEN nothing is learned", () => {
    expect(findAbbreviations("Shares fell (Reuters). It rose (2019). The talks (UN) ended. He said (AP) so.")).toEqual({});
  });
});

describe("abbreviations as equivalent terms (answer/abbreviations.ts)", () => {
  const abbreviations = Abbreviations.from([
    { id: "a", title: "A", file: "a.md", abbreviations: { EPA: "Environmental Protection Agency", CFO: "chief financial officer" } },
  ]);
  const terms = (text: string) => new Set(termsOf(text));

  it("GIVEN a sentence with the abbreviation THEN it also holds the long form's terms, and the reverse", () => {
    expect([...abbreviations.augment(terms("The EPA said so"))]).toEqual(
      expect.arrayContaining(termsOf("Environmental Protection Agency")),
    );
    expect(abbreviations.augment(terms("the hospital's chief financial officer said")).has("cfo")).toBe(true);
    expect(abbreviations.augment(terms("the chief executive said")).has("cfo")).toBe(false);
  });

  it("GIVEN a question THEN the search adds the other form", () => {
    expect(abbreviations.searchTerms("What did the CFO say?")).toEqual(["chief financial officer"]);
    expect(abbreviations.searchTerms("What did the Environmental Protection Agency find?")).toEqual(["EPA"]);
    expect(abbreviations.searchTerms("What did the council find?")).toEqual([]);
  });
});

describe("a server library's abbreviations: its own and the shared corpus's (Abbreviations.merge)", () => {
  const of = (id: string, abbreviations: Record<string, string>) =>
    Abbreviations.from([{ id, title: id, file: `${id}.md`, abbreviations }]);

  it("GIVEN two sets THEN the merge reads both, and neither set is changed by it", () => {
    const shared = of("shared", { EPA: "Environmental Protection Agency", CFO: "chief financial officer" });
    const own = of("own", { EPA: "Emergency Planning Authority", PTA: "parent teacher association" });
    const merged = Abbreviations.merge(own, shared);
    expect(merged.searchTerms("What did the PTA decide?")).toEqual(["parent teacher association"]);
    expect(merged.searchTerms("Who is the CFO?")).toEqual(["chief financial officer"]);
    expect(merged.searchTerms("What did the EPA say?").sort()).toEqual(["Emergency Planning Authority", "Environmental Protection Agency"]);
    // The shared set, copied into the merge, keeps only its own long form.
    expect(shared.searchTerms("What did the EPA say?")).toEqual(["Environmental Protection Agency"]);
    expect(own.searchTerms("Who is the CFO?")).toEqual([]);
  });
});
