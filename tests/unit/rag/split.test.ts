import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMarkdownArticle } from "../../../src/rag/corpus/markdown.js";
import { countTokens, splitSentences } from "../../../src/rag/sentences.js";
import { splitArticle } from "../../../src/rag/split.js";
import type { Article } from "../../../src/rag/index.js";

const bundled = (file: string) =>
  parseMarkdownArticle(readFileSync(join(import.meta.dirname, "../../../corpus", file), "utf8"), file).articles[0]!;

const make = (text: string): Article => ({ id: "a", title: "T", file: "a.md", text });
const longSentence = `${Array.from({ length: 500 }, (_, i) => `word${i}`).join(" ")}.`;

describe("splitArticle", () => {
  it.each([
    ["the US Claims article", bundled("us-claims-north-korea-sold-arms-to-wagner.md"), 60, 15],
    ["the Light Wave article", bundled("wagner-group-north-korean-weapons-ukraine.md"), 40, 10],
    ["one sentence longer than a passage", make(`Intro sentence. ${longSentence} Outro sentence.`), 64, 16],
    ["a one-line article", make("Just one line."), 180, 40],
    ["text with odd spacing", make("First.\n\n\nSecond  has   gaps.\nThird!  Fourth?"), 32, 8],
  ])("GIVEN %s THEN every passage equals the article text at its offsets and fits the size", (_name, art, max, overlap) => {
    const passages = splitArticle(art, { passageTokens: max, overlapTokens: overlap });
    expect(passages.length).toBeGreaterThan(0);
    passages.forEach((p, i) => {
      expect(p.text).toBe(art.text.slice(p.start, p.end));
      expect(p.id).toBe(`${art.id}#${i}`);
      expect(p.articleId).toBe(art.id);
      expect(countTokens(p.text)).toBeLessThanOrEqual(max);
    });
    // Together the passages cover every sentence of the article.
    for (const s of splitSentences(art.text)) {
      expect(passages.some((p) => p.start <= s.start && p.end >= Math.min(s.end, p.end) && p.end > s.start)).toBe(true);
    }
  });

  it("GIVEN overlap THEN each passage starts with the last sentence of the previous one", () => {
    const text = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} says a few more words here.`).join(" ");
    const passages = splitArticle(make(text), { passageTokens: 40, overlapTokens: 12 });
    expect(passages.length).toBeGreaterThan(2);
    for (let i = 1; i < passages.length; i++) {
      expect(passages[i]!.start).toBeLessThan(passages[i - 1]!.end);
      expect(passages[i]!.start).toBeGreaterThan(passages[i - 1]!.start);
    }
  });

  it("GIVEN no overlap THEN passages do not share text", () => {
    const text = Array.from({ length: 12 }, (_, i) => `Sentence ${i} is here.`).join(" ");
    const passages = splitArticle(make(text), { passageTokens: 20, overlapTokens: 0 });
    for (let i = 1; i < passages.length; i++) expect(passages[i]!.start).toBeGreaterThanOrEqual(passages[i - 1]!.end);
  });
});

describe("splitSentences", () => {
  it.each([
    ["Mr. Kirby spoke. Then he left.", ["Mr. Kirby spoke.", "Then he left."]],
    ["It was in St. Petersburg. Yes.", ["It was in St. Petersburg.", "Yes."]],
    ["The U.S. announced sanctions. Wagner denied it.", ["The U.S. announced sanctions.", "Wagner denied it."]],
    ["A heading\n\nA paragraph. Another.", ["A heading", "A paragraph.", "Another."]],
    ["Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]],
  ])("GIVEN %j THEN the sentences are %j", (text, expected) => {
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(expected);
  });
});
