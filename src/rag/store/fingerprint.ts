import { stat } from "node:fs/promises";
import { join } from "node:path";
import { listCorpusFiles } from "../corpus/index.js";
import type { Manifest } from "./manifest.js";

export type CorpusFingerprint = Manifest["files"];

/** Size and modification time of every corpus file: enough to notice any edit, add or removal. */
export async function fingerprintCorpus(corpusDir: string): Promise<CorpusFingerprint> {
  const out: CorpusFingerprint = {};
  for (const file of await listCorpusFiles(corpusDir)) {
    try {
      const s = await stat(join(corpusDir, file));
      out[file] = { size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      // Removed between listing and stat: it is simply not part of the corpus.
    }
  }
  return out;
}

/** True when the corpus on disk differs from what the build was made from. */
export function isFingerprintStale(recorded: CorpusFingerprint, current: CorpusFingerprint): boolean {
  const a = Object.keys(recorded);
  const b = Object.keys(current);
  if (a.length !== b.length) return true;
  return b.some((f) => recorded[f]?.size !== current[f]!.size || recorded[f]?.mtimeMs !== current[f]!.mtimeMs);
}
