import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir, writeFiles } from "../support/corpus.js";

const root = join(import.meta.dirname, "../..");

/** A checkout without node_modules (an install without dev dependencies): the launcher, sources, settings. */
function checkoutWithoutTypeScript(): string {
  const dir = makeTempDir();
  mkdirSync(join(dir, "bin"));
  copyFileSync(join(root, "bin/run.mjs"), join(dir, "bin/run.mjs"));
  writeFiles(dir, { "src/cli/ask.ts": "export {};\n", "package.json": "{}\n", "tsconfig.json": "{}\n", "tsconfig.build.json": "{}\n" });
  return dir;
}

const run = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(dir, "bin/run.mjs"), ...args], { cwd: dir, encoding: "utf8" });

describe("bin/run.mjs without TypeScript installed", () => {
  it("GIVEN npm's prepare step THEN it succeeds with nothing to build with", () => {
    expect(run(checkoutWithoutTypeScript(), "--prepare").status).toBe(0);
  });

  it("GIVEN no dist/ THEN a command says what to run and exits 1", () => {
    const result = run(checkoutWithoutTypeScript(), "ask");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/dist\/ is not built and TypeScript is not installed: run npm ci .*npm run build/);
  });

  it("GIVEN a dist/ built after the sources THEN it runs; once a source changes, it refuses to run the stale build", () => {
    const dir = checkoutWithoutTypeScript();
    writeFiles(dir, { "dist/cli/ask.js": 'process.stdout.write("ran the build\\n");\n', "dist/.built": "x\n" });
    const past = new Date(Date.now() - 60_000);
    for (const f of ["src/cli/ask.ts", "package.json", "tsconfig.json", "tsconfig.build.json"]) utimesSync(join(dir, f), past, past);
    const fresh = run(dir, "ask");
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toBe("ran the build\n");
    writeFileSync(join(dir, "src/cli/ask.ts"), "export const changed = true;\n");
    const stale = run(dir, "ask");
    expect(stale.status).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toMatch(/the sources changed since dist\/ was built and TypeScript is not installed/);
  });
});
