import { createParserPool, DEFAULT_PARSER_OPTIONS } from "../../rag/corpus/index.js";
import { markdownTable } from "../markdown.js";
import { makePdf } from "./make-pdf.js";

export interface PdfResult {
  pages: number;
  bytes: number;
  /** Each run's seconds, in the parse worker (as a corpus file or an upload is parsed). */
  seconds: number[];
  pagesPerSecond: number;
  words: number;
}

/** A generated report of `pages` pages, 40 lines of prose each. */
function reportPdf(pages: number): Uint8Array {
  const line = (p: number, l: number) =>
    `Page ${p}, line ${l}: the harbour board reviewed the dredging budget and the ferry timetable again.`;
  return makePdf({
    pages: Array.from({ length: pages }, (_, p) => Array.from({ length: 40 }, (_, l) => line(p + 1, l + 1))),
    info: { title: "Harbour board annual report", author: "Bench", creationDate: new Date("2025-01-01T00:00:00Z") },
  });
}

/** PDF text extraction speed: a 100-page PDF parsed `runs` times by one parse worker (the first run warms it). */
export async function measurePdf(runs = 5, pages = 100): Promise<PdfResult> {
  const pool = createParserPool({ ...DEFAULT_PARSER_OPTIONS, threads: 1, timeoutMs: 300_000 });
  const bytes = reportPdf(pages);
  try {
    await pool(reportPdf(1), "warm.pdf");
    const seconds: number[] = [];
    let words = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const parsed = await pool(bytes, "report.pdf");
      seconds.push((performance.now() - started) / 1000);
      words = parsed.articles[0]?.text.split(/\s+/).length ?? 0;
    }
    const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)]!;
    return { pages, bytes: bytes.byteLength, seconds, pagesPerSecond: pages / median, words };
  } finally {
    await pool.close();
  }
}

export function formatPdf(r: PdfResult): string[] {
  return markdownTable(
    ["PDF", "bytes", "words", "seconds per run (median)", "pages/s"],
    [
      [
        `${r.pages} pages`,
        r.bytes,
        r.words,
        [...r.seconds].sort((a, b) => a - b)[Math.floor(r.seconds.length / 2)]!.toFixed(2),
        r.pagesPerSecond.toFixed(0),
      ],
    ],
  );
}
