import { describe, expect, it } from "vitest";
import { checkLength, parseAskArgs, parseIndexArgs, parseSearchArgs, UsageError } from "../../../src/cli/args.js";
import { formatEta } from "../../../src/cli/progress.js";
import { snippetOf } from "../../../src/cli/format.js";
import { wrapText } from "../../../src/cli/terminal.js";
import { indexDirFor } from "../../../src/cli/common.js";

const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("no usage error");
};

describe("command-line arguments, checked before anything heavy loads", () => {
  it.each([
    [["--mode", "fuzzy", "q"], /--mode must be hybrid, dense or bm25, got "fuzzy"/],
    [["-k", "zero", "q"], /-k must be a positive whole number, got "zero"/],
    [["-k", "0", "q"], /-k must be a positive whole number/],
    [[], /a query is required/],
    [["  "], /the query is empty/],
    [["--bogus", "q"], /Unknown option '--bogus'/],
  ])("GIVEN search %j THEN a usage error says %s", (argv, message) => {
    expect(usage(() => parseSearchArgs(argv))).toMatch(message);
  });

  it.each([
    [[""], /the question is empty/],
    [["--from", "yesterday", "q"], /--from must be a date like 2025-06-30, got "yesterday"/],
    [["--to", "2024-13-45", "q"], /--to must be a date/],
    [["--from", "2024-05-01", "--to", "2024-01-01", "q"], /--from 2024-05-01 is after --to 2024-01-01/],
    [["--as-of", "soon", "q"], /--as-of must be a date/],
    [["--article", " ", "q"], /--article needs an article id/],
    [["--json", "--nope"], /Unknown option '--nope'/],
  ])("GIVEN ask %j THEN a usage error says %s", (argv, message) => {
    expect(usage(() => parseAskArgs(argv))).toMatch(message);
  });

  it("GIVEN a question over the limit THEN the usage error names the limit and the setting", () => {
    expect(usage(() => checkLength("x".repeat(637), "question", 500))).toBe(
      "the question has 637 characters; the limit is 500 (QUESTION_MAX_CHARS)",
    );
    expect(() => checkLength("x".repeat(500), "question", 500)).not.toThrow();
  });

  it("GIVEN good arguments THEN they come back typed", () => {
    expect(parseAskArgs(["--as-of", "2025-06-30", "-k", "3", "--json", "Who", "won?"])).toMatchObject({
      help: false,
      question: "Who won?",
      asOf: "2025-06-30",
      k: 3,
      json: true,
    });
    expect(parseAskArgs([])).toMatchObject({ help: false, question: undefined });
    expect(parseSearchArgs(["--mode", "bm25", "q"])).toMatchObject({ mode: "bm25", query: "q" });
    expect(parseIndexArgs(["--full"])).toMatchObject({ full: true });
    expect(parseAskArgs(["--help", "--bogus-after-help"].slice(0, 1))).toEqual({ help: true });
    expect(usage(() => parseIndexArgs(["corpus"]))).toMatch(/--corpus DIR/);
  });
});

describe("the command line on a terminal", () => {
  it("GIVEN a long answer THEN it wraps at word boundaries, never inside a word, keeping the indentation", () => {
    const wrapped = wrapText(`[1] A title\n    “${"harbour ".repeat(20).trim()} extraordinarilylongword end.”`, 40);
    for (const line of wrapped.split("\n")) expect(line.length <= 40 || !line.trim().includes(" ")).toBe(true);
    expect(wrapped).toContain("extraordinarilylongword");
    expect(
      wrapped
        .split("\n")
        .slice(2)
        .every((l) => l.startsWith("    ")),
    ).toBe(true);
  });

  it.each([
    [0, 100, 0, "estimating…"],
    [10, 100, 1000, "9s left"],
    [1, 100, 2000, "3m 18s left"],
  ])("GIVEN %i of %i done after %i ms THEN the estimate reads %j", (done, total, ms, text) => {
    expect(formatEta(done, total, ms)).toBe(text);
  });

  it("GIVEN a long passage THEN the snippet is the part that matched the query", () => {
    const passage = `${"Filler words about nothing in particular. ".repeat(12)}The ferry to Skye left at dawn. ${"More filler here. ".repeat(10)}`;
    const snippet = snippetOf(passage, "ferry Skye");
    expect(snippet).toContain("ferry to Skye");
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippetOf("Short text.", "x")).toBe("Short text.");
  });

  it("GIVEN another corpus folder THEN its index is kept apart from the bundled corpus's, under data/index", () => {
    const dir = indexDirFor("/tmp/my news");
    expect(dir).toMatch(/^data\/index\/my-news-[0-9a-f]{8}$/);
    expect(indexDirFor("/tmp/my news")).toBe(dir);
    expect(indexDirFor("/tmp/other/my news")).not.toBe(dir);
  });
});
