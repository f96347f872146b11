import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { join } from "node:path";

/** Files of a build that carry a checksum, relative to the build's directory. */
export const CHECKED_FILES = {
  passages: "passages.jsonl",
  vectors: "vectors.f32",
  lexicalJson: "lexical/lexical.json",
  lexicalBin: "lexical/lexical.bin",
  hnswIndex: "hnsw/hnswlib.index",
  hnswArgs: "hnsw/args.json",
  hnswDocstore: "hnsw/docstore.json",
} as const;

export type CheckedFile = (typeof CHECKED_FILES)[keyof typeof CHECKED_FILES];

/** SHA-256 of a file, read as a stream (at 100k passages a build holds about 640 MB). */
function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Checksums of `files` of the build in `dir`. */
export async function checksumFiles(dir: string, files: readonly CheckedFile[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of files) out[file] = await sha256File(join(dir, file));
  return out;
}

/**
 * Checks `files` of the build in `dir` against the manifest's checksums. Returns what does not
 * match (a damaged or edited file), or undefined when all do.
 */
export async function findDamage(
  dir: string,
  checksums: Record<string, string>,
  files: readonly CheckedFile[],
): Promise<string | undefined> {
  for (const file of files) {
    const expected = checksums[file];
    if (!expected) return `${file} has no checksum in the manifest`;
    let actual: string;
    try {
      actual = await sha256File(join(dir, file));
    } catch (error) {
      return `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
    if (actual !== expected) return `${file} does not match its checksum (it was changed or damaged)`;
  }
  return undefined;
}
