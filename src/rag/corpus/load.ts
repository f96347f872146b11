import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { LRUCache } from "lru-cache";
import { RagError } from "../errors.js";
import type { Article, SkippedInput } from "../types.js";
import { isReservedPath } from "./reserved.js";
import { formatOf, isArticleFile, UNSUPPORTED_TYPE } from "./formats.js";
import { skipFile, type ParsedFile } from "./parsed.js";
import { sharedParserPool, type ArticleParser } from "./parser-pool.js";
import { isInside, kindOf, readArticleFile } from "./read.js";

export interface LoadedCorpus {
  articles: Article[];
  skipped: SkippedInput[];
  /** Articles not loaded because an earlier file (in path order) already used their id. */
  duplicates: SkippedInput[];
}

export interface CorpusListing {
  /** Relative paths of regular files (or links to regular files inside the corpus), sorted. */
  files: string[];
  /** Entries that are not files the corpus can read (special files, links that lead out), with why. */
  skipped: SkippedInput[];
}

/** Documentation, the sources list and dotfiles live beside the articles without being indexed. */
const isIgnored = (relativePath: string) => isReservedPath(relativePath, sep);

/**
 * Lists corpus files. Only regular files inside the corpus folder are candidates: a symbolic
 * link is followed only when its target is a regular file inside the corpus, and FIFOs, devices
 * and sockets are reported, never opened.
 */
export async function listCorpusFiles(dir: string): Promise<CorpusListing> {
  let entries: Dirent[];
  let root: string;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
    root = await realpath(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const why: Record<string, string> = {
      ENOENT: `Corpus directory not found: ${dir}`,
      ENOTDIR: `The corpus must be a folder of articles, and ${dir} is a file: give the folder that holds it`,
      EACCES: `Cannot read the corpus directory ${dir}: permission denied`,
      EPERM: `Cannot read the corpus directory ${dir}: permission denied`,
    };
    throw new RagError("CORPUS_UNREADABLE", why[code] ?? `Cannot read corpus directory ${dir}: ${code || String(error)}`, { cause: error });
  }
  const listing: CorpusListing = { files: [], skipped: [] };
  for (const entry of entries) {
    const file = relative(dir, join(entry.parentPath, entry.name));
    if (isIgnored(file) || entry.isDirectory()) continue;
    if (entry.isFile()) listing.files.push(file);
    else if (entry.isSymbolicLink()) {
      const why = await whyNotFollowed(root, join(dir, file));
      if (why) listing.skipped.push({ file, reason: why });
      else listing.files.push(file);
    } else listing.skipped.push({ file, reason: `not a regular file (${kindOf(entry)})` });
  }
  listing.files.sort();
  listing.skipped.sort((a, b) => (a.file < b.file ? -1 : 1));
  return listing;
}

/** Why a symbolic link in the corpus is not read, or undefined when it leads to a file inside it. */
async function whyNotFollowed(root: string, path: string): Promise<string | undefined> {
  try {
    const target = await realpath(path);
    if (!isInside(root, target)) return "a symbolic link to a path outside the corpus";
    const info = await stat(target);
    return info.isFile() ? undefined : `a symbolic link to ${kindOf(info)}`;
  } catch {
    return "a symbolic link that leads nowhere";
  }
}

/**
 * Files whose parse the pool had to stop (too slow, too much memory, a crashed parser), by a hash
 * of their bytes and extension: the next build skips them again at once, with the same reason,
 * instead of spending the whole time limit on them again. A changed file is parsed afresh.
 */
const stoppedParses = new LRUCache<string, string>({ max: 10_000 });
const STOPPED = /^(took longer than|needed more than|the parser (failed|stopped|could not start))/;

/**
 * Files parsed already, by path and bytes, bounded by the size of their text: a corpus that
 * changes by one fetched article is not parsed whole again (5,400 news articles take 10 s to
 * parse on 2 cores, and a sync reindexes after every batch). Once full it takes no more: a
 * corpus read in the same order every build would otherwise evict each file before its turn
 * comes again, and never hit. Readers never modify a parsed article.
 */
const PARSED_FILES_BYTES = 256 * 1024 * 1024;
/** What a parsed file holds in memory, roughly: its text in UTF-16 and its metadata. */
const parsedSize = (parsed: ParsedFile) => 2 * parsed.articles.reduce((n, a) => n + a.text.length + 200, 200);

/** A file's last parse, by its path, with the hash of the bytes it was parsed from and their size and time. */
type ParsedEntry = { bytes: string; stamp: string; parsed: ParsedFile };

const parsedFilesByParser = new WeakMap<ArticleParser, LRUCache<string, ParsedEntry>>();
function parsedFilesOf(parse: ArticleParser): LRUCache<string, ParsedEntry> {
  let cache = parsedFilesByParser.get(parse);
  if (!cache) {
    cache = new LRUCache<string, ParsedEntry>({ maxSize: PARSED_FILES_BYTES, sizeCalculation: (e) => parsedSize(e.parsed) });
    parsedFilesByParser.set(parse, cache);
  }
  return cache;
}

/** Reads and parses one corpus file, turning every problem into a skip with a reason. */
async function loadArticleFile(
  dir: string,
  file: string,
  maxBytes: number,
  parse: ArticleParser = sharedParserPool(),
): Promise<ParsedFile> {
  if (!isArticleFile(file)) return skipFile(file, UNSUPPORTED_TYPE);
  // Unchanged since its last parse (same size and modification time): not even read again.
  const parsedFiles = parsedFilesOf(parse);
  const where = `${dir}\0${file}`;
  const cached = parsedFiles.get(where);
  const stamp = await stat(join(dir, file)).then(
    (s) => `${s.size}:${s.mtimeMs}`,
    () => "",
  );
  if (cached && stamp && cached.stamp === stamp) return cached.parsed;
  const read = await readArticleFile(dir, file, maxBytes);
  if (!read.ok) return skipFile(file, read.reason);
  const key = `${extname(file).toLowerCase()}:${createHash("sha256").update(read.bytes).digest("hex")}`;
  const stopped = stoppedParses.get(key);
  if (stopped) return skipFile(file, `${stopped} (when last tried; it is tried again once the file changes)`);
  // The same bytes at the same path parse the same: a reindex after one new article parses one.
  if (cached?.bytes === key) return cached.parsed;
  const parsed = await parse(read.bytes, file);
  const reason = parsed.articles.length === 0 ? parsed.skipped[0]?.reason : undefined;
  if (reason && STOPPED.test(reason)) stoppedParses.set(key, reason);
  // A changed file replaces its own entry; a new one is kept while there is room.
  else if (cached || parsedFiles.calculatedSize + parsedSize(parsed) <= PARSED_FILES_BYTES)
    parsedFiles.set(where, { bytes: key, stamp, parsed });
  return parsed;
}

/** Runs `work` over `items` with at most `limit` at once, results in the order of `items`. */
async function mapInOrder<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** Files read and parsed at once: enough to keep the parser workers busy, few enough to bound memory. */
const FILES_IN_FLIGHT = 4;

/**
 * Loads every article under `dir`. Bad files are skipped with a reason, duplicate ids are
 * reported, and a corpus with no valid article is an error.
 */
export async function loadCorpus(
  dir: string,
  options: { maxBytes: number; maxDocumentBytes?: number; parse?: ArticleParser },
): Promise<LoadedCorpus> {
  const listing = await listCorpusFiles(dir);
  const seen = new Map<string, string>();
  const result: LoadedCorpus = { articles: [], skipped: [...listing.skipped], duplicates: [] };
  const parsedFiles = await mapInOrder(listing.files, FILES_IN_FLIGHT, (file) =>
    loadArticleFile(dir, file, formatOf(file)?.binary ? (options.maxDocumentBytes ?? options.maxBytes) : options.maxBytes, options.parse),
  );
  listing.files.forEach((file, i) => {
    const parsed = parsedFiles[i]!;
    result.skipped.push(...parsed.skipped);
    for (const article of parsed.articles) {
      const first = seen.get(article.id);
      if (first !== undefined) {
        result.duplicates.push({ file, reason: `duplicate id "${article.id}" (already used by ${first})` });
        continue;
      }
      seen.set(article.id, file);
      result.articles.push(article);
    }
  });
  result.skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  if (result.articles.length === 0) {
    const why = [...result.skipped, ...result.duplicates].map((s) => `${s.file}: ${s.reason}`);
    throw new RagError(
      "NO_ARTICLES",
      `No valid article in ${dir}${why.length ? ` (${why.slice(0, 5).join("; ")})` : " (it has no article files)"}`,
    );
  }
  return result;
}
