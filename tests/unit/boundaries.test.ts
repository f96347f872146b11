import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const sourceFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath, e.name)));

const importsOf = (file: string) =>
  [...readFileSync(join(root, file), "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);

describe("architecture boundaries", () => {
  it("GIVEN the core THEN no file under src/rag imports discord.js, @discordjs/* or dotenv", () => {
    const files = sourceFiles("src/rag");
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === "discord.js" || spec.startsWith("@discordjs/") || spec === "dotenv" || spec.startsWith("dotenv/"))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("GIVEN the sources THEN only src/config reads process.env", () => {
    const offenders = sourceFiles("src").filter(
      (file) => !file.startsWith("src/config/") && /process\.env\b/.test(readFileSync(join(root, file), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("GIVEN the bot and the command-line tools THEN they reach the core only through src/rag/index.ts", () => {
    // The bench measures the core's parts (the embedder alone, the graph against exact search), so it may look inside.
    const files = [...sourceFiles("src/bot"), ...sourceFiles("src/cli")].filter((f) => !f.startsWith("src/cli/bench"));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)rag\//.test(spec) && !/\/rag\/index\.js$/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("GIVEN the bot and the command-line tools THEN neither imports the other", () => {
    const offenders = [
      ...sourceFiles("src/bot").filter((file) => importsOf(file).some((spec) => /\/cli\//.test(spec))),
      ...sourceFiles("src/cli").filter((file) => importsOf(file).some((spec) => /\/bot\//.test(spec))),
    ];
    expect(offenders).toEqual([]);
  });

  it("GIVEN the core THEN it never imports the command-line tools or the bot", () => {
    const offenders = sourceFiles("src/rag").filter((file) => importsOf(file).some((spec) => /\/(cli|bot)\//.test(spec)));
    expect(offenders).toEqual([]);
  });
});

describe("the core's folders", () => {
  // src/rag/<folder>/… → the folders it imports from (files at src/rag's top level are shared ground).
  const folderOf = (file: string) => /^src\/rag\/([^/]+)\//.exec(file)?.[1];
  const edges = new Map<string, Set<string>>();
  for (const file of sourceFiles("src/rag")) {
    const from = folderOf(file);
    if (!from) continue;
    for (const spec of importsOf(file).filter((s) => s.startsWith("."))) {
      const to = folderOf(relative(root, join(root, file, "..", spec)));
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }

  it("GIVEN the folders of src/rag THEN their imports form no cycle (answer never imports llm, and so on)", () => {
    const cycles: string[] = [];
    const walk = (path: string[]) => {
      for (const next of edges.get(path.at(-1)!) ?? []) {
        if (next === path[0]) cycles.push([...path, next].join(" → "));
        else if (!path.includes(next)) walk([...path, next]);
      }
    };
    for (const folder of edges.keys()) walk([folder]);
    expect(edges.size).toBeGreaterThan(3);
    expect(cycles).toEqual([]);
  });
});

describe("the index stores", () => {
  it.each(["local", "postgres"])(
    "GIVEN the core THEN only the store registry reaches into the %s store, and only through its index.ts",
    (kind) => {
      // The bench measures a store's parts (the local graph against exact search), so it may look inside.
      const files = [...sourceFiles("src/rag"), ...sourceFiles("src/bot"), ...sourceFiles("src/cli")].filter(
        (f) => !f.startsWith(`src/rag/store/${kind}/`) && !f.startsWith("src/cli/bench"),
      );
      const offenders = files.flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec.startsWith(".") && relative(root, join(root, file, "..", spec)).startsWith(`src/rag/store/${kind}/`))
          .filter((spec) => !(file === "src/rag/store/kinds.ts" && spec === `./${kind}/index.js`))
          .map((spec) => `${file} imports ${spec}`),
      );
      expect(files).toContain("src/rag/store/kinds.ts");
      expect(offenders).toEqual([]);
    },
  );
});
