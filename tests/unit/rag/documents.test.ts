import { truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makePdf } from "../../../src/cli/bench/make-pdf.js";
import { createParserPool, DEFAULT_PARSER_OPTIONS, loadCorpus } from "../../../src/rag/corpus/index.js";
import { joinPdfLines, MAX_PDF_PAGES } from "../../../src/rag/corpus/pdf.js";
import { makeTempDir, writeFiles } from "../../support/corpus.js";
import { makeDocx } from "../../support/make-docx.js";

// The real parse workers: PDF and Word documents are parsed where a corpus file is.
const pool = createParserPool({ ...DEFAULT_PARSER_OPTIONS, threads: 2 });
afterAll(() => pool.close());

const REPORT_LINES = [
  "Arden Water Board annual report",
  "The board replaced 4.2 miles of water mains in 2024, ahead of the",
  "schedule the council set. Leaks fell by a third after the work.",
];

describe("PDF", () => {
  it("GIVEN a PDF with an Info dictionary THEN its text, title, author and date are read", async () => {
    const pdf = makePdf({
      pages: [REPORT_LINES, ["Second page: the budget for 2025 is $3.1 million."]],
      info: { title: "Water report", author: "Ann Lee", creationDate: new Date("2025-03-04T00:00:00Z") },
    });
    const { articles, skipped } = await pool(pdf, "reports/water.pdf");
    expect(skipped).toEqual([]);
    expect(articles[0]).toMatchObject({ id: "reports/water", title: "Water report", author: "Ann Lee", date: "2025-03-04T00:00:00.000Z" });
    // Lines of a paragraph run on; pages are apart.
    expect(articles[0]!.text).toContain("ahead of the schedule the council set.");
    expect(articles[0]!.text).toContain("\n\nSecond page: the budget for 2025 is $3.1 million.");
  });

  it("GIVEN a PDF with XMP metadata too THEN XMP's title and creator win", async () => {
    const pdf = makePdf({
      pages: [REPORT_LINES],
      info: { title: "Untitled-1" },
      xmp: { title: "Water mains report", creator: "Arden Water Board", createDate: "2025-02-01T00:00:00Z" },
    });
    const { articles } = await pool(pdf, "water.pdf");
    expect(articles[0]).toMatchObject({ title: "Water mains report", author: "Arden Water Board", date: "2025-02-01T00:00:00.000Z" });
  });

  it("GIVEN a PDF with no title THEN its first line is the title", async () => {
    const { articles } = await pool(makePdf({ pages: [REPORT_LINES] }), "scan-0001.pdf");
    expect(articles[0]!.title).toBe("Arden Water Board annual report");
  });

  it.each([
    ["no text layer (a scan)", makePdf({ pages: [[], [], []] }), /no text layer/],
    [
      "a page tree that loops",
      makePdf({ pages: [REPORT_LINES], loopPageTree: true }),
      /could not be parsed \(Pages tree contains circular reference/,
    ],
    ["more pages than the limit", makePdf({ pages: Array.from({ length: MAX_PDF_PAGES + 1 }, () => ["x"]) }), /over the 2000-page limit/],
    ["bytes that are not a PDF", new TextEncoder().encode("%PDF-1.7\nnot really"), /could not be parsed/],
  ])("GIVEN %s THEN the PDF is skipped with that reason", async (_name, bytes, reason) => {
    const { articles, skipped } = await pool(bytes, "bad.pdf");
    expect(articles).toEqual([]);
    expect(skipped[0]!.reason).toMatch(reason);
  });

  it("GIVEN a 200 MB PDF in the corpus THEN it is skipped by its size before a byte is parsed, and the rest loads", async () => {
    const dir = makeTempDir();
    writeFiles(dir, { "good.pdf": makePdf({ pages: [REPORT_LINES] }), "huge.pdf": "" });
    truncateSync(join(dir, "huge.pdf"), 200 * 1024 * 1024);
    const { articles, skipped } = await loadCorpus(dir, { maxBytes: 1024 * 1024, maxDocumentBytes: 50 * 1024 * 1024, parse: pool });
    expect(articles.map((a) => a.id)).toEqual(["good"]);
    expect(skipped).toEqual([{ file: "huge.pdf", reason: expect.stringMatching(/over the 50 MB limit/) }]);
  });

  it.each([
    ["infor-\nmation about it", "information about it"],
    [
      "A heading\nThe body starts here and runs on for a while past the sixty characters\nto the next line.",
      "A heading\nThe body starts here and runs on for a while past the sixty characters to the next line.",
    ],
    ["One.\n\nTwo.", "One.\n\nTwo."],
  ])("GIVEN the PDF lines %j THEN they are joined as %j", (lines, text) => {
    expect(joinPdfLines(lines)).toBe(text);
  });
});

describe("Word", () => {
  it("GIVEN a .docx with core properties THEN its paragraphs, title, author and date are read", async () => {
    const docx = await makeDocx(["Minutes of the library board.", "The board voted 5-2 to extend Sunday hours."], {
      title: "Library minutes",
      creator: "Board clerk",
      created: "2025-04-01T10:00:00Z",
    });
    const { articles, skipped } = await pool(docx, "minutes.docx");
    expect(skipped).toEqual([]);
    expect(articles[0]).toMatchObject({ title: "Library minutes", author: "Board clerk", date: "2025-04-01T10:00:00Z" });
    expect(articles[0]!.text).toBe("Minutes of the library board.\n\nThe board voted 5-2 to extend Sunday hours.");
  });

  it("GIVEN a .docx with no properties THEN its first paragraph is the title", async () => {
    const { articles } = await pool(await makeDocx(["Sunday hours", "The board voted to extend them."]), "x.docx");
    expect(articles[0]!.title).toBe("Sunday hours");
  });

  it("GIVEN a .docx that is not a zip THEN it is skipped with that reason", async () => {
    const { skipped } = await pool(new TextEncoder().encode("hello"), "x.docx");
    expect(skipped[0]!.reason).toMatch(/not a valid \.docx zip/);
  });
});
