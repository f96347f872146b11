import { describe, expect, it } from "vitest";
import { createArticleFinder } from "../../../src/rag/article-finder.js";

const meta = (id: string, title: string, date?: string) => ({ id, file: `${id}.md`, title, date });

describe("createArticleFinder", () => {
  const finder = createArticleFinder([
    meta("old", "Harbour freezes", "2020-01-02"),
    meta("new", "Harbour thaws", "2025-03-04"),
    meta("undated", "Ferry timetable"),
    meta("mid", "Council budget", "2023-06-01"),
  ]);

  it("GIVEN the articles THEN they are listed newest first, undated last", () => {
    expect(finder.sorted.map((a) => a.id)).toEqual(["new", "mid", "old", "undated"]);
  });

  it.each([
    ["harb", ["new", "old"]],
    ["HARBOUR T", ["new"]],
    ["undat", ["undated"]],
    ["", ["new", "mid"]],
    ["nothing like it", []],
  ])("GIVEN %j typed THEN the matches by title or id, newest first, at most the limit", (typed, ids) => {
    expect(finder.find(typed, 2).map((a) => a.id)).toEqual(ids);
  });
});
