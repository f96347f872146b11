import { describe, expect, it } from "vitest";
import { escapeUntrusted, fitAnswerText, noPreview } from "../../../src/bot/text.js";

/** A masked link Discord would render: "[words](http…" with the "[" not escaped. */
const MASKED_LINK = /(?<!\\)\[[^\]\n]*\]\(\s*<?https?:/i;
/** A mention chip Discord would render: an unescaped "<@…>", "<@&…>" or "<#…>". */
const MENTION = /(?<!\\)<(@[!&]?|#)\d+>/;

describe("escapeUntrusted", () => {
  it.each([
    ["a masked link", "see [the office](https://evil.example/phish) now"],
    ["a masked link in angle brackets", "see [x](<https://evil.example>)"],
    ["a masked link after a citation-looking marker", "[1](https://evil.example)"],
  ])("GIVEN %s THEN no masked link survives", (_name, text) => {
    const escaped = escapeUntrusted(text);
    expect(escaped).not.toMatch(MASKED_LINK);
    expect(escaped.replace(/\\/g, "")).toBe(text);
  });

  it.each([
    ["a user mention", "ask <@123456789012345678>"],
    ["a role mention", "ping <@&123456789012345678>"],
    ["a channel link", "in <#123456789012345678>"],
  ])("GIVEN %s THEN it forms no chip", (_name, text) => {
    expect(escapeUntrusted(text)).not.toMatch(MENTION);
  });

  it.each([
    ["@everyone", "hi @everyone", "hi @\u200beveryone"],
    ["@here", "hi @here", "hi @\u200bhere"],
    ["a block quote", "> quoted", "\\> quoted"],
    ["subtext", "-# small grey text", "\\-# small grey text"],
    ["a heading", "# Big", "\\# Big"],
    ["bold", "**loud**", "\\*\\*loud\\*\\*"],
    ["a spoiler", "||hidden||", "\\|\\|hidden\\|\\|"],
    ["a control character and an escape sequence", "a\u0007b\u001b[31mred", "ab\\[31mred"],
  ])("GIVEN %s THEN it is shown as its characters", (_name, text, expected) => {
    expect(escapeUntrusted(text)).toBe(expected);
  });
});

describe("fitAnswerText", () => {
  it("GIVEN an answer whose sentence starts with ( after a marker THEN the marker does not become a link", () => {
    const fitted = fitAnswerText("The ferry sails. [1](https://evil.example) is the timetable.", 500);
    expect(fitted).not.toMatch(/\[1\]\(/);
    expect(fitted).toContain("[1]");
  });
});

describe("noPreview", () => {
  it("GIVEN a link with brackets and pipes THEN they are percent-encoded inside <…>", () => {
    expect(noPreview("https://news.example/a[b]|c")).toBe("<https://news.example/a%5Bb%5D%7Cc>");
  });
});
