import JSZip from "jszip";
import mammoth from "mammoth";
import { XMLParser } from "fast-xml-parser";
import { articleIdFromPath } from "./ids.js";
import { cleanLine, cleanText } from "./clean.js";
import { titleFromFileName } from "./document-title.js";
import { isoDate } from "./html-meta.js";
import { parseArticleMeta } from "./metadata.js";
import { skipFile, type ParsedFile } from "./parsed.js";

/**
 * What a DOCX may unpack to, by its own account (the zip's sizes): a document of a few megabytes
 * of text is large; a zip bomb claims gigabytes. The parse worker's memory limit catches a zip
 * that lies about its sizes.
 */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

/** The core properties part (docProps/core.xml): title, creator, dates, language. */
async function coreProperties(zip: JSZip): Promise<Record<string, unknown>> {
  const xml = await zip.file("docProps/core.xml")?.async("string");
  if (!xml || xml.length > 1_000_000) return {};
  // No DTDs, no entities: the properties are plain elements.
  const parser = new XMLParser({ removeNSPrefix: true, processEntities: false, ignoreDeclaration: true, ignoreAttributes: true });
  const parsed = parser.parse(xml) as { coreProperties?: Record<string, unknown> };
  return parsed.coreProperties ?? {};
}

const str = (value: unknown) =>
  typeof value === "string" && value.trim() ? value.trim() : typeof value === "number" ? String(value) : undefined;

/** Word (.docx): the text of its paragraphs by mammoth; title, author and dates from its core properties. */
export async function parseDocxArticle(bytes: Uint8Array, file: string): Promise<ParsedFile> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return skipFile(file, "not a Word document (the file is not a valid .docx zip)");
  }
  let unpacked = 0;
  for (const entry of Object.values(zip.files)) {
    unpacked += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  }
  if (unpacked > MAX_UNPACKED_BYTES) return skipFile(file, `the document unpacks to ${Math.round(unpacked / 1048576)} MB, over the limit`);
  if (!zip.file("word/document.xml")) return skipFile(file, "not a Word document (no word/document.xml inside)");
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  const text = cleanText(value);
  if (!text) return skipFile(file, "the document has no text");
  const props = await coreProperties(zip);
  const firstLine = cleanLine(text.slice(0, text.indexOf("\n") === -1 ? 200 : text.indexOf("\n")));
  const meta = parseArticleMeta({
    title: str(props.title) ?? (firstLine.length > 3 && firstLine.length <= 150 ? firstLine : titleFromFileName(file)),
    author: str(props.creator),
    date: isoDate(str(props.created)),
    modified: isoDate(str(props.modified)),
    language: str(props.language)?.match(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/)?.[0],
  });
  if (!meta.ok) return skipFile(file, meta.reason);
  return { articles: [{ id: articleIdFromPath(file), file, ...meta.meta, text }], skipped: [] };
}
