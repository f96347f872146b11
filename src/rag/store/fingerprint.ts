import { stat } from "node:fs/promises";
import { join } from "node:path";
import { listCorpusFiles } from "../corpus/index.js";
/** Each corpus file (path relative to the corpus) with its size and modification time. */
export type CorpusFingerprint = Map<string, { size: number; mtimeMs: number }>;

/** Size and modification time of every corpus file: enough to notice any edit, add or removal. */
export async function fingerprintCorpus(corpusDir: string): Promise<CorpusFingerprint> {
  const out: CorpusFingerprint = new Map();
  for (const file of (await listCorpusFiles(corpusDir)).files) {
    try {
      const s = await stat(join(corpusDir, file));
      out.set(file, { size: s.size, mtimeMs: s.mtimeMs });
    } catch {
      // Removed between listing and stat: it is simply not part of the corpus.
    }
  }
  return out;
}

/** True when the corpus on disk differs from what the build was made from. */
export function isFingerprintStale(recorded: CorpusFingerprint, current: CorpusFingerprint): boolean {
  if (recorded.size !== current.size) return true;
  for (const [file, now] of current) {
    const then = recorded.get(file);
    if (then?.size !== now.size || then.mtimeMs !== now.mtimeMs) return true;
  }
  return false;
}
