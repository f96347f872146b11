import { spawnSync } from "node:child_process";
import { join } from "node:path";

/**
 * Brings dist/ up to date once before the tests that run the commands as processes (through
 * bin/run.mjs, as users do), so they never build it concurrently.
 */
export default function buildOnce(): void {
  const root = join(import.meta.dirname, "../..");
  const result = spawnSync(process.execPath, [join(root, "bin/run.mjs"), "--ensure-built"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("the TypeScript build failed");
}
