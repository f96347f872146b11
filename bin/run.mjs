#!/usr/bin/env node
// Runs one of Footnote's commands from the compiled JavaScript in dist/, compiling it first when
// any source (or the TypeScript settings) changed since the last build: a command never runs a
// stale build, and once built it starts without transpiling anything.
//   node bin/run.mjs <command> [args…]    node bin/run.mjs --build    node bin/run.mjs --ensure-built
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const stamp = join(dist, ".built");

const COMMANDS = {
  ask: "cli/ask.js",
  index: "cli/index.js",
  "embed-worker": "cli/embed-worker.js",
  search: "cli/search.js",
  articles: "cli/articles.js",
  add: "cli/add.js",
  sources: "cli/sources.js",
  sync: "cli/sync.js",
  insights: "cli/insights.js",
  export: "cli/export.js",
  eval: "cli/eval.js",
  bench: "cli/bench.js",
  start: "bot/main.js",
  "deploy-commands": "bot/deploy-commands.js",
};

/** The newest modification time among the sources and the settings that shape the build. */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(root, "src"));
  for (const file of ["tsconfig.json", "tsconfig.build.json", "package.json"])
    newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

const builtAt = () => {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
};

/** Compiles src/ into dist/ and copies the plain JavaScript files (worker entry points) beside it. */
function build() {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  if (!existsSync(tsc)) {
    // Without dev dependencies (npm ci --omit=dev) nothing can be compiled, and a stale dist/ is
    // never run: build where TypeScript is installed, then deploy dist/ with the sources it came from.
    const why = builtAt() < 0 ? "dist/ is not built" : "the sources changed since dist/ was built";
    process.stderr.write(`error: ${why} and TypeScript is not installed: run npm ci (with dev dependencies), then npm run build\n`);
    process.exit(1);
  }
  process.stderr.write("building dist/ from src/ (the sources changed since the last build)…\n");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write("error: the TypeScript build failed (see above)\n");
    process.exit(1);
  }
  const copy = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) copy(path);
      else if (entry.name.endsWith(".mjs")) {
        const target = join(dist, relative(join(root, "src"), path));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(path, target);
      }
    }
  };
  copy(join(root, "src"));
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

const [command, ...args] = process.argv.slice(2);
if (command === "--build" || command === "--ensure-built") {
  if (command === "--build" || builtAt() < newestSource()) build();
  process.exit(0);
}
if (command === "--prepare") {
  // npm's prepare step: build when TypeScript is there to build with; an install without dev
  // dependencies (a deploy that copies a built dist/) has nothing to build and is not an error.
  if (existsSync(join(root, "node_modules/typescript/bin/tsc"))) build();
  process.exit(0);
}
const target = COMMANDS[command];
if (!target) {
  process.stderr.write(`error: unknown command ${JSON.stringify(command ?? "")}; one of ${Object.keys(COMMANDS).join(", ")}\n`);
  process.exit(2);
}
if (builtAt() < newestSource()) build();
// The command reads its arguments as if it had been started directly.
process.argv = [process.argv[0], join(dist, target), ...args];
await import(pathToFileURL(join(dist, target)).href);
