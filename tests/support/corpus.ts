import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { loadCoreConfig, type CoreConfig } from "../../src/config/index.js";

// Removed when the test file ends, so directories made in beforeAll outlive each test.
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed after the test. */
export function makeTempDir(prefix = "footnote-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `files` (relative path → content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** The bundled corpus, copied so a test may change it. */
export function copyBundledCorpus(): string {
  const dir = join(makeTempDir(), "corpus");
  cpSync(join(import.meta.dirname, "../../corpus"), dir, { recursive: true });
  return dir;
}

export const article = (title: string, body: string, extra = "") => `---\ntitle: ${title}\n${extra}---\n\n${body}\n`;

/** A core config over temp directories, with settings overridden as environment values would be. */
export function testConfig(corpusDir: string, env: Record<string, string> = {}): CoreConfig {
  return loadCoreConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: join(makeTempDir(), "index"), ...env });
}
