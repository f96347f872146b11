import { mkdir, rmdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import lockfile from "proper-lockfile";
import { RagError } from "../../errors.js";
import type { Logger } from "../../logger.js";

const RETRY_MS = 250;

/**
 * Takes the index directory's build lock so two index runs (two terminals, a CLI and the bot)
 * never write at once. Waits up to `waitMs`, then fails with INDEX_LOCKED. A lock left by a
 * killed process goes stale after 30 s and is taken over.
 */
export async function acquireBuildLock(
  indexDir: string,
  waitMs: number,
  log: Logger,
): Promise<(() => Promise<void>) & { created?: string }> {
  // Owner-only: the index holds every article and nothing else on the machine needs to read it.
  const created = await mkdir(indexDir, { recursive: true, mode: 0o700 });
  const retries = Math.ceil(waitMs / RETRY_MS);
  try {
    const release = await lockfile.lock(indexDir, {
      lockfilePath: join(indexDir, "build.lock"),
      realpath: false,
      stale: 30_000,
      update: 5_000,
      retries: retries > 0 ? { retries, minTimeout: RETRY_MS, maxTimeout: RETRY_MS, factor: 1 } : 0,
      // The default throws from a timer, which would crash a bot that is answering questions.
      onCompromised: (error) => log.warn({ err: error.message }, "index build lock was compromised"),
    });
    return Object.assign(release, { created });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new RagError("INDEX_LOCKED", `Another index run is in progress on ${indexDir}; try again when it finishes.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Removes the folders a first build created for nothing (it failed before any build went live):
 * `dir`'s empty subfolders, then `dir` and its parents up to `created`, each only while empty.
 */
export async function removeEmptyFolders(dir: string, created: string | undefined, inside: string[]): Promise<void> {
  if (!created) return;
  for (const sub of inside) await rmdir(join(dir, sub)).catch(() => undefined);
  const top = resolve(created);
  for (let at = resolve(dir); ; at = dirname(at)) {
    const removed = await rmdir(at).then(
      () => true,
      () => false,
    );
    if (!removed || at === top || dirname(at) === at) return;
  }
}
