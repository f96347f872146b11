import { getDocumentProxy, getMeta } from "unpdf";
import { articleIdFromPath } from "./ids.js";
import { cleanLine, cleanText } from "./clean.js";
import { isoDate } from "./html-meta.js";
import { parseArticleMeta } from "./metadata.js";
import { skipFile, type ParsedFile } from "./parsed.js";
import { titleFromFileName } from "./document-title.js";

/**
 * More pages than this and a PDF is skipped whole, saying so, rather than cut off silently: a
 * book belongs in the corpus as its chapters. The parse worker's time and memory limits bound
 * the rest (a page tree that loops, a page that never ends).
 */
export const MAX_PDF_PAGES = 2000;

/** Fewer letters and digits than this per page, on average, is a scan with no text layer. */
const MIN_CHARS_PER_PAGE = 20;

interface TextItem {
  str: string;
  hasEOL: boolean;
}

/** One page's text: items joined, a line break where the PDF ends a line. */
function pageText(items: TextItem[]): string {
  let out = "";
  for (const item of items) {
    out += item.str;
    if (item.hasEOL) out += "\n";
    else if (item.str && !item.str.endsWith(" ")) out += " ";
  }
  return out;
}

/**
 * A PDF's lines made into paragraphs: a word hyphenated across a line break is joined, a line
 * that does not end a sentence runs on into the next, and a short line (a heading) stands alone.
 */
export function joinPdfLines(text: string): string {
  const lines = text.split("\n").map((l) => l.trim());
  let out = "";
  for (const line of lines) {
    if (!line) {
      out = `${out.trimEnd()}\n\n`;
      continue;
    }
    if (!out || out.endsWith("\n")) out += line;
    else if (/[a-z]-$/.test(out) && /^[a-z]/.test(line)) out = out.slice(0, -1) + line;
    else if (/[.!?:;"”)]$/.test(out) || out.length - out.lastIndexOf("\n") < 60) out += `\n${line}`;
    else out += ` ${line}`;
  }
  return out;
}

/** The first of `values` that is a non-empty string (XMP lists take their first entry). */
function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    const v = Array.isArray(value) ? value[0] : value;
    if (typeof v === "string" && v.trim()) return v.trim();
  }
  return undefined;
}

const dateText = (value: unknown) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : firstText(value));

/** PDF: the text layer of every page by pdf.js (through unpdf); title, author and date from XMP, then the Info dictionary. */
export async function parsePdfArticle(bytes: Uint8Array, file: string): Promise<ParsedFile> {
  // pdf.js takes ownership of the buffer it is given: a copy keeps the caller's bytes intact.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  try {
    if (pdf.numPages > MAX_PDF_PAGES) {
      return skipFile(file, `the PDF has ${pdf.numPages} pages, over the ${MAX_PDF_PAGES}-page limit (split it into parts)`);
    }
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(joinPdfLines(pageText(content.items.flatMap((i) => ("str" in i ? [{ str: i.str, hasEOL: i.hasEOL }] : [])))));
      page.cleanup();
    }
    const text = cleanText(pages.join("\n\n"));
    const letters = text.replace(/[^\p{L}\p{N}]/gu, "").length;
    if (letters < MIN_CHARS_PER_PAGE * Math.max(1, pdf.numPages) && letters < 200) {
      return skipFile(file, "the PDF has no text layer (scanned pages?); text is not recognised from images");
    }
    const { info, metadata } = await getMeta(pdf, { parseDates: true });
    // XMP, when the PDF has it (pdf.js's Metadata object, absent or empty otherwise).
    const xmp = (key: string): unknown => (typeof metadata?.get === "function" ? metadata.get(key) : undefined);
    const firstLine = cleanLine(text.slice(0, text.indexOf("\n") === -1 ? 200 : text.indexOf("\n")));
    const meta = parseArticleMeta({
      title:
        firstText(xmp("dc:title"), info.Title) ?? (firstLine.length > 3 && firstLine.length <= 150 ? firstLine : titleFromFileName(file)),
      author: firstText(xmp("dc:creator"), info.Author),
      date: isoDate(dateText(xmp("xmp:createdate")) ?? dateText(info.CreationDate)),
      modified: isoDate(dateText(xmp("xmp:modifydate")) ?? dateText(info.ModDate)),
      language: firstText(xmp("dc:language"), info.Language)?.match(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/)?.[0],
    });
    if (!meta.ok) return skipFile(file, meta.reason);
    return { articles: [{ id: articleIdFromPath(file), file, ...meta.meta, text }], skipped: [] };
  } finally {
    await pdf.destroy();
  }
}
