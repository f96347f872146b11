import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus, type ArticleParser } from "../../../src/rag/corpus/index.js";
import { parseArticleBytes } from "../../../src/rag/corpus/parse.js";
import { RagError } from "../../../src/rag/index.js";
import { article, makeTempDir, writeFiles } from "../../support/corpus.js";

const GOOD = article(
  "A good article",
  "It has a sentence. And another one.",
  "author: Ann Writer\nsource: The Daily\ndate: 2023-07-30\nurl: https://example.com/a\n",
);

async function load(files: Record<string, string | Uint8Array>, maxBytes = 5 * 1024 * 1024) {
  const dir = makeTempDir();
  writeFiles(dir, files);
  return loadCorpus(dir, { maxBytes });
}

describe("loadCorpus: formats", () => {
  it("GIVEN markdown with front matter THEN metadata and plain text are kept", async () => {
    const { articles } = await load({ "news/good-one.md": GOOD.replace("It has", "It **has** a [link](https://x.y) and") });
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      id: "news/good-one",
      file: join("news", "good-one.md"),
      title: "A good article",
      author: "Ann Writer",
      source: "The Daily",
      date: "2023-07-30",
      url: "https://example.com/a",
    });
    expect(articles[0]!.text).toBe("It has a link and a sentence. And another one.");
  });

  it("GIVEN plain text THEN the first non-empty line is the title", async () => {
    const { articles } = await load({ "Plain Note.txt": "\n\n  The Title Line  \n\nBody sentence one.\nBody two." });
    expect(articles[0]).toMatchObject({ id: "plain-note", title: "The Title Line", text: "Body sentence one.\nBody two." });
  });

  it("GIVEN an HTML page THEN the main text and the page metadata are extracted without navigation", async () => {
    const html = `<!doctype html><html><head><title>Site | Page</title>
      <meta property="og:title" content="Real Headline"><meta name="author" content="Jane Doe">
      <meta property="article:published_time" content="2023-07-30T10:00:00Z"><link rel="canonical" href="https://news.example/real">
      <meta property="og:site_name" content="Example News"></head>
      <body><nav><a href="/">Home</a> <a href="/about">About us</a></nav><article><h1>Real Headline</h1>
      <p>The first paragraph carries enough words to be taken for the article body by the readability heuristics, which want length.</p>
      <p>A second paragraph follows with more words, so the extraction has something to keep apart from the first one.</p>
      </article><footer>Copyright Example News</footer></body></html>`;
    const { articles } = await load({ "page.html": html });
    expect(articles[0]).toMatchObject({
      title: "Real Headline",
      author: "Jane Doe",
      date: "2023-07-30T10:00:00Z",
      url: "https://news.example/real",
      source: "Example News",
    });
    expect(articles[0]!.text).toContain("heuristics, which want length.\n\nA second paragraph");
    expect(articles[0]!.text).not.toMatch(/About us|Copyright/);
  });

  it("GIVEN jsonl THEN each line is an article with its own id, and a bad line is skipped with its number", async () => {
    const lines = [
      JSON.stringify({ id: "a1", title: "First", text: "Text one.", url: "https://e.com/1", date: "2024-01-02" }),
      "{not json",
      JSON.stringify({ id: "a3", text: "No title here." }),
      "",
      JSON.stringify({ id: 4, title: "Numeric id", text: "Text four." }),
    ];
    const { articles, skipped } = await load({ "bulk.jsonl": lines.join("\n") });
    expect(articles.map((a) => a.id)).toEqual(["a1", "4"]);
    expect(skipped).toEqual([
      { file: "bulk.jsonl", line: 2, reason: "not valid JSON" },
      { file: "bulk.jsonl", line: 3, reason: expect.stringContaining("title") },
    ]);
  });
});

describe("loadCorpus: bad input is skipped with the file and the reason", () => {
  it.each([
    ["empty.md", "", /empty/],
    ["blank.txt", "  \n\n ", /empty/],
    ["binary.md", new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]), /binary/],
    ["latin1.txt", new Uint8Array([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0x63, 0x61, 0x66, 0xe9]), /UTF-8/],
    ["broken.md", "---\ntitle: [unclosed\n---\nBody.", /broken front matter/],
    ["untitled.md", "---\nauthor: Someone\n---\nBody.", /title/],
    ["no-front-matter.md", "# Heading\n\nBody.", /front matter/],
    ["bad-date.md", "---\ntitle: T\ndate: 30/07/2023\n---\nBody.", /ISO 8601/],
    ["impossible-date.md", "---\ntitle: T\ndate: 2023-02-30\n---\nBody.", /not a day of the calendar/],
    ["impossible-time.md", "---\ntitle: T\ndate: '2023-04-31T10:00:00Z'\n---\nBody.", /not a day of the calendar/],
    ["bad-url.md", "---\ntitle: T\nurl: javascript:alert(1)\n---\nBody.", /url/],
    ["title-only.txt", "Just a title", /no text/],
    ["huge-title.md", `---\ntitle: ${"T".repeat(100_000)}\n---\nBody.`, /title is 100000 characters, over the 1000-character limit/],
    [
      "long-author.md",
      `---\ntitle: T\nauthor: ${"A".repeat(1500)}\n---\nBody.`,
      /author is 1500 characters, over the 1000-character limit/,
    ],
    ["long-source.md", `---\ntitle: T\nsource: ${"S".repeat(300)}\n---\nBody.`, /source is 300 characters/],
    ["paragraph-first.txt", `${"word ".repeat(300)}\nBody.`, /first line \(the title\) is \d+ characters/],
    ["slides.odp", "PK", /unsupported file type/],
    ["slides.pdf", "%PDF-1.4", /could not be parsed/],
  ])("GIVEN %s THEN it is skipped (%s) and the good article still loads", async (name, content, reason) => {
    const { articles, skipped } = await load({ "good.md": GOOD, [name]: content });
    expect(articles.map((a) => a.id)).toEqual(["good"]);
    expect(skipped).toEqual([{ file: name, reason: expect.stringMatching(reason) }]);
  });

  it("GIVEN a file over the size limit THEN it is skipped with the limit named", async () => {
    const { articles, skipped } = await load({ "good.md": GOOD, "huge.md": GOOD + "x".repeat(2000) }, 1024);
    expect(articles).toHaveLength(1);
    expect(skipped).toEqual([{ file: "huge.md", reason: expect.stringMatching(/over the 1 KB limit/) }]);
  });

  it("GIVEN a link to nowhere THEN it is skipped with that reason", async () => {
    const dir = makeTempDir();
    writeFiles(dir, { "good.md": GOOD });
    symlinkSync(join(dir, "missing-target.md"), join(dir, "dangling.md"));
    const { articles, skipped } = await loadCorpus(dir, { maxBytes: 1e6 });
    expect(articles).toHaveLength(1);
    expect(skipped).toEqual([{ file: "dangling.md", reason: "a symbolic link that leads nowhere" }]);
  });

  it("GIVEN two files with the same id THEN the duplicate is reported, not merged", async () => {
    const { articles, duplicates } = await load({
      "same.md": GOOD,
      "same.txt": "Other title\nOther text.",
      "bulk.jsonl": JSON.stringify({ id: "same", title: "T", text: "x" }),
    });
    expect(articles).toHaveLength(1);
    expect(articles[0]!.file).toBe("bulk.jsonl");
    expect(duplicates.map((d) => d.file)).toEqual(["same.md", "same.txt"]);
    expect(duplicates[0]!.reason).toMatch(/duplicate id "same" \(already used by bulk.jsonl\)/);
  });

  it("GIVEN README.md and dotfiles THEN they are documentation, not articles", async () => {
    const { articles, skipped } = await load({ "good.md": GOOD, "README.md": "# How to add articles", ".DS_Store": "x" });
    expect(articles).toHaveLength(1);
    expect(skipped).toEqual([]);
  });

  it("GIVEN no valid article THEN loading fails with a clear error naming the reasons", async () => {
    const error = await load({ "empty.md": "", "untitled.md": "---\na: 1\n---\nx" }).catch((e) => e);
    expect(error).toBeInstanceOf(RagError);
    expect(error.code).toBe("NO_ARTICLES");
    expect(error.message).toMatch(/empty.md: file is empty/);
  });

  it("GIVEN a corpus directory that does not exist THEN the error says so", async () => {
    const error = await loadCorpus(join(makeTempDir(), "nope"), { maxBytes: 1e6 }).catch((e) => e);
    expect(error.code).toBe("CORPUS_UNREADABLE");
    expect(error.message).toMatch(/not found/);
  });
});

describe("a file whose parse had to be stopped", () => {
  it("GIVEN a file that timed out THEN the next load skips it at once with the reason, until it changes", async () => {
    const dir = makeTempDir();
    writeFiles(dir, { "good.md": GOOD, "slow.md": "---\ntitle: Slow\n---\nBody." });
    const calls: string[] = [];
    const parse: ArticleParser = async (bytes, file) => {
      calls.push(file);
      if (file === "slow.md") return { articles: [], skipped: [{ file, reason: "took longer than 30 s to parse" }] };
      return parseArticleBytes(bytes, file);
    };
    const first = await loadCorpus(dir, { maxBytes: 1e6, parse });
    expect(first.skipped).toEqual([{ file: "slow.md", reason: "took longer than 30 s to parse" }]);
    const second = await loadCorpus(dir, { maxBytes: 1e6, parse });
    expect(second.skipped).toEqual([
      { file: "slow.md", reason: expect.stringMatching(/^took longer than 30 s to parse \(when last tried/) },
    ]);
    expect(calls.filter((f) => f === "slow.md")).toHaveLength(1);
    writeFiles(dir, { "slow.md": "---\ntitle: Slow\n---\nBody, edited." });
    await loadCorpus(dir, { maxBytes: 1e6, parse });
    expect(calls.filter((f) => f === "slow.md")).toHaveLength(2);
  });
});
