import { describe, expect, it } from "vitest";
import { markdownTable } from "../../../src/cli/markdown.js";

describe("markdownTable", () => {
  it("GIVEN a header and rows THEN it writes the header, a rule with one cell per column, and each row", () => {
    expect(
      markdownTable(
        ["a", "b c"],
        [
          [1, "x"],
          ["", 2.5],
        ],
      ),
    ).toEqual(["| a | b c |", "|---|---|", "| 1 | x |", "|  | 2.5 |"]);
  });
});
