import { findAbbreviations } from "./abbreviations.js";
import { minhashOf } from "./minhash.js";
import { ARTICLE_FORMATS, formatOf, UNSUPPORTED_TYPE } from "./formats.js";
import { skipFile, type ParsedFile } from "./parsed.js";
import { decodeArticleBytes } from "./read.js";
import type { Listing, ListingRequest } from "./listing.js";

/**
 * Parses one file's bytes by its extension's format: a text format gets them decoded as UTF-8, a
 * binary one as they are. Never throws: a parser that fails (a stack overflow on pathological
 * input, a bug) skips the file with the reason.
 */
export async function parseArticleBytes(bytes: Uint8Array, file: string): Promise<ParsedFile> {
  const parsed = await parseWithFormat(bytes, file);
  for (const article of parsed.articles) {
    const abbreviations = findAbbreviations(article.text);
    if (Object.keys(abbreviations).length) article.abbreviations = abbreviations;
    const signature = minhashOf(article.text);
    if (signature) article.minhash = signature;
  }
  return parsed;
}

/** The file's articles as its format's parser reads them. */
async function parseWithFormat(bytes: Uint8Array, file: string): Promise<ParsedFile> {
  const format = formatOf(file);
  if (!format) return skipFile(file, UNSUPPORTED_TYPE);
  try {
    // Awaited here, so a parser's rejection is caught below like its throw.
    if (format.binary) return await (await format.load())(bytes, file);
    const decoded = decodeArticleBytes(bytes);
    if (!decoded.ok) return skipFile(file, decoded.reason);
    return (await format.load())(decoded.content, file);
  } catch (error) {
    const why =
      error instanceof RangeError
        ? "too deeply nested to parse"
        : `could not be parsed (${(error as Error).message?.split("\n")[0] ?? String(error)})`;
    return skipFile(file, why);
  }
}

/**
 * Reads a feed, a sitemap or a page's links (see sources/listing.ts). Never throws: a listing that
 * cannot be read is `unknown` with the reason.
 * @public (called by parse-worker.mjs)
 */
export async function parseListingBytes(bytes: Uint8Array, request: ListingRequest): Promise<Listing> {
  try {
    return (await import("./listing.js")).parseListing(bytes, request);
  } catch (error) {
    return { kind: "unknown", reason: `it could not be read (${(error as Error).message?.split("\n")[0] ?? String(error)})` };
  }
}

/**
 * Loads the text formats' parsers: a parse worker does it before it says it is ready, so a file's
 * time limit counts its parsing only, never the loading of a parser (seconds under tsx).
 * @public (called by parse-worker.mjs, which loads this module by a computed path)
 */
export async function preloadParsers(): Promise<void> {
  // The text formats, which every corpus has. PDF and Word parsers, and the feed and sitemap reader,
  // load when first needed (a quarter of a second, against a 30 s limit): a worker that never sees
  // one starts faster, and workers start often (after an idle spell, in every test file).
  await Promise.all(ARTICLE_FORMATS.filter((format) => !format.binary).map((format) => format.load()));
}
