import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/**
 * Starts a PGlite server (bench/pglite-server: PostgreSQL in WebAssembly with pgvector and
 * pg_textsearch, a development dependency) in a process of its own, for `--store postgres` when
 * no DATABASE_URL is set. Resolves with its URL; kill the child to stop it.
 */
export function startPglite(): Promise<{ url: string; child: ChildProcess }> {
  const script = join(import.meta.dirname, `bench/pglite-server${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`);
  const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the PGlite server exited ${code}`)));
    child.stdout!.once("data", (d) => resolve({ url: `postgres://postgres@${String(d).trim()}/postgres`, child }));
  });
}
