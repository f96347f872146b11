import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { RagError } from "../errors.js";
import { formatBytes } from "../corpus/read.js";
import { SOURCES_FILE } from "../corpus/reserved.js";

/** What one server may keep, so a server with a huge library cannot starve the others. */
export interface LibraryLimits {
  articles: number;
  bytes: number;
  sources: number;
}

/**
 * A corpus folder's bytes (its bookkeeping folder `.footnote` included: it grows with the
 * sources) and its article files (bookkeeping and hidden files not counted).
 */
export async function folderUsage(dir: string, top = true): Promise<{ files: number; bytes: number }> {
  const usage = { files: 0, bytes: 0 };
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return usage;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const counted = !entry.name.startsWith(".") && !(top && entry.name === SOURCES_FILE);
    if (entry.isDirectory()) {
      const inner = await folderUsage(path, false);
      usage.bytes += inner.bytes;
      if (counted) usage.files += inner.files;
    } else if (entry.isFile()) {
      usage.bytes += (await stat(path)).size;
      if (counted) usage.files++;
    }
  }
  return usage;
}

/**
 * Why an addition would take a library past its limits (which, and what to do), or undefined
 * when there is room. Articles are counted as indexed or as files, whichever is more (a sync's
 * new files are not indexed yet).
 */
export async function roomProblem(
  corpusDir: string,
  limits: LibraryLimits,
  indexed: number,
  adding: { bytes: number },
): Promise<string | undefined> {
  const used = await folderUsage(corpusDir);
  const articles = Math.max(indexed, used.files);
  if (articles >= limits.articles)
    return `This server's library is full: it holds ${articles} articles, the most a server may keep is ${limits.articles}. Remove some to add more.`;
  if (used.bytes + adding.bytes > limits.bytes)
    return `This server's library would pass its ${formatBytes(limits.bytes)} limit (it uses ${formatBytes(used.bytes)}). Remove some articles to add this one.`;
  return undefined;
}

export async function checkRoom(corpusDir: string, limits: LibraryLimits, indexed: number, adding: { bytes: number }): Promise<void> {
  const problem = await roomProblem(corpusDir, limits, indexed, adding);
  if (problem) throw new RagError("INVALID_INPUT", problem);
}
