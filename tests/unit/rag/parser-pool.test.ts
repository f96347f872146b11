import { afterAll, describe, expect, it } from "vitest";
import { createParserPool, DEFAULT_PARSER_OPTIONS } from "../../../src/rag/corpus/index.js";
import { nestedHtml } from "../../support/hostile-corpus.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** A large page that takes Readability a second or more: wide, a few dozen levels deep. */
const heavyPage = () => {
  const block = `${"<div>".repeat(30)}<p>Some text here about the harbour, the ferry and the market.</p>${"</div>".repeat(30)}`;
  return `<html><head><meta property="og:title" content="Heavy"></head><body>${block.repeat(1200)}</body></html>`;
};

describe("the parser pool", () => {
  const pool = createParserPool({ ...DEFAULT_PARSER_OPTIONS, threads: 1 });
  afterAll(() => pool.close());

  it("GIVEN a file to parse THEN it comes back parsed, as the parsers make it", async () => {
    const parsed = await pool(bytes("---\ntitle: Harbour\n---\nThe harbour froze."), "a.md");
    expect(parsed).toEqual({ articles: [{ id: "a", file: "a.md", title: "Harbour", text: "The harbour froze." }], skipped: [] });
  });

  it("GIVEN a heavy page THEN the main thread keeps turning while it is parsed", async () => {
    await pool(bytes("warm-up\nThe worker is started."), "w.txt");
    let turns = 0;
    let parsing = true;
    const tick = () => {
      turns++;
      if (parsing) setImmediate(tick);
    };
    setImmediate(tick);
    const parsed = await pool(bytes(heavyPage()), "heavy.html");
    parsing = false;
    expect(parsed.articles).toHaveLength(1);
    // Parsed on this thread, not one turn would pass until it returned.
    expect(turns).toBeGreaterThan(20);
  });

  it("GIVEN a page that would parse for longer than the limit THEN it is skipped with the reason and the pool goes on", async () => {
    const strict = createParserPool({ ...DEFAULT_PARSER_OPTIONS, threads: 1, timeoutMs: 100 });
    try {
      await strict(bytes("warm-up\nThe worker is started."), "w.txt");
      const parsed = await strict(bytes(heavyPage()), "heavy.html");
      expect(parsed).toEqual({ articles: [], skipped: [{ file: "heavy.html", reason: "took longer than 0.1 s to parse" }] });
      expect((await strict(bytes("Next\nThe next file parses."), "n.txt")).articles).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it("GIVEN a page nested 20,000 deep THEN it is skipped with its reason, quickly, not a stack overflow", async () => {
    const parsed = await pool(bytes(nestedHtml(20_000)), "deep.html");
    expect(parsed.skipped).toEqual([{ file: "deep.html", reason: "HTML nested more than 200 elements deep" }]);
  });
});
