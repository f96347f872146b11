import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * An index directory holds immutable builds and a pointer to the live one:
 *
 *   INDEX_DIR/CURRENT          name of the live build (replaced atomically by rename)
 *   INDEX_DIR/builds/<name>/   manifest.json, passages.jsonl, vectors.f32, lexical/, hnsw/
 *   INDEX_DIR/build.lock       held while a build runs
 *
 * A build is written completely before CURRENT points at it, so a failed or killed build
 * leaves the previous one live.
 */
const CURRENT = "CURRENT";
export const BUILDS_DIR = "builds";

export const FILES = {
  manifest: "manifest.json",
  /** One passage per line (JSON Lines), in vector order. */
  passages: "passages.jsonl",
  /** Where builds before passages.jsonl kept them; still read. */
  legacyPassages: "passages.json",
  vectors: "vectors.f32",
  /** The BM25 index: lexical.json (ids, vocabulary) and lexical.bin (postings). */
  lexical: "lexical",
  hnsw: "hnsw",
} as const;

export function buildPath(indexDir: string, name: string): string {
  return join(indexDir, BUILDS_DIR, name);
}

/** A fresh build name that sorts by time. */
export function newBuildName(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, "")}-${randomBytes(3).toString("hex")}`;
}

/** The live build's name, or undefined when there is none. */
export async function readCurrent(indexDir: string): Promise<string | undefined> {
  try {
    const name = (await readFile(join(indexDir, CURRENT), "utf8")).trim();
    return name || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes a file and flushes it to disk before returning. */
export async function writeDurable(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(path, data);
  await syncPath(path);
}

export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Points CURRENT at `name` with one atomic rename. */
export async function switchCurrent(indexDir: string, name: string): Promise<void> {
  const tmp = join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  await writeDurable(tmp, `${name}\n`);
  await rename(tmp, join(indexDir, CURRENT));
  await syncPath(indexDir).catch(() => undefined);
}

/**
 * Removes builds other than `keep` (the live one and the one before, which a reader may still be
 * opening). With `olderThanMs`, builds changed more recently are kept too.
 */
export async function pruneBuilds(indexDir: string, keep: (string | undefined)[], options: { olderThanMs?: number } = {}): Promise<void> {
  const dir = join(indexDir, BUILDS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const name of await readdir(dir)) {
    if (keep.includes(name)) continue;
    if (options.olderThanMs !== undefined) {
      const changed = await stat(join(dir, name)).then(
        (s) => s.mtimeMs,
        () => 0,
      );
      if (Date.now() - changed < options.olderThanMs) continue;
    }
    await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** Removes one build's directory (a build that failed before going live). */
export async function removeBuild(indexDir: string, name: string): Promise<void> {
  await rm(buildPath(indexDir, name), { recursive: true, force: true });
}
