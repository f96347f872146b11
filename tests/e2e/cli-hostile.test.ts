import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, copyBundledCorpus, makeTempDir, writeFiles } from "../support/corpus.js";
import { HOSTILE_BAD, writeHostileCorpus } from "../support/hostile-corpus.js";
import { runCli } from "../support/run-cli.js";

const root = join(import.meta.dirname, "../..");

/** What a terminal would act on: C0 controls but newline and tab, DEL, C1 controls, bidirectional overrides. */
const DRIVES_A_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("the command line with the hostile corpus", () => {
  it("GIVEN every kind of bad file THEN index skips each by name, and nothing it prints can drive a terminal", async () => {
    const corpus = join(makeTempDir(), "corpus");
    writeHostileCorpus(corpus);
    // Covered by the unit tests; here it would only make the real model embed 300 passages.
    rmSync(join(corpus, "long-paragraph.txt"));
    const index = join(makeTempDir(), "index");
    const run = await runCli("index.ts", ["--corpus", corpus, "--index", index], { EMBEDDINGS: "use-lite" });
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(DRIVES_A_TERMINAL);
    for (const [file, reason] of HOSTILE_BAD) {
      const shown = file.replace(DRIVES_A_TERMINAL, "");
      expect(run.stdout.split("\n").find((l) => l.includes(`${shown}: `))).toMatch(reason);
    }

    const ask = await runCli("ask.ts", ["--corpus", corpus, "--index", index, "How long did the island lighthouse keeper serve?"], {
      EMBEDDINGS: "use-lite",
    });
    expect(ask.code).toBe(0);
    expect(ask.stdout).toMatch(/forty years/);
    expect(ask.stdout + ask.stderr).not.toMatch(DRIVES_A_TERMINAL);

    const json = await runCli("ask.ts", ["--corpus", corpus, "--index", index, "--json", "Where are the harbour festival tickets sold?"], {
      EMBEDDINGS: "use-lite",
    });
    expect(json.stdout).not.toMatch(DRIVES_A_TERMINAL);
    expect(JSON.parse(json.stdout).answer).toMatch(/pier seven/);
  }, 120_000);
});

/** Runs a command with its files limited to `kb` kilobytes each, as on a disk that fills up. */
function runWithFileLimit(kb: number, script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const quoted = [process.execPath, join(root, "bin/run.mjs"), script.replace(/\.ts$/, ""), ...args]
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(" ");
    const child = spawn("bash", ["-c", `ulimit -f ${kb}; exec ${quoted}`], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("a disk that fills up", () => {
  it("GIVEN writes that fail mid-build THEN the run says so in one line, leaves no partial build, and the next run recovers", async () => {
    const corpus = copyBundledCorpus();
    const index = join(makeTempDir(), "index");
    const env = { EMBEDDINGS: "use-lite" };
    expect((await runCli("index.ts", ["--corpus", corpus, "--index", index], env)).code).toBe(0);
    const live = readFileSync(join(index, "CURRENT"), "utf8").trim();
    writeFiles(corpus, { "harbour.md": article("Harbour Ice", "The harbour froze solid in January, the port said.") });

    const full = await runWithFileLimit(4, "index.ts", ["--corpus", corpus, "--index", index], env);
    expect(full.code).toBe(1);
    const errors = full.stderr.split("\n").filter((l) => l.startsWith("error:"));
    expect(errors).toEqual([
      expect.stringMatching(
        /^error: Could not write the index in .*: a file grew over the size limit \(EFBIG\)\. The previous index is still live/,
      ),
    ]);
    expect(full.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(index, "CURRENT"), "utf8").trim()).toBe(live);
    expect(readdirSync(join(index, "builds"))).toEqual([live]);

    const retry = await runCli("index.ts", ["--corpus", corpus, "--index", index], env);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toMatch(/added 1: harbour/);
  }, 120_000);
});

describe("a newcomer's wrong paths", () => {
  it.each([
    [
      "a file as the corpus",
      (dir: string) => ({ corpus: join(dir, "notes.md") }),
      /^error: The corpus must be a folder of articles, and .*notes\.md is a file/,
    ],
    ["a corpus that is not there", (dir: string) => ({ corpus: join(dir, "nowhere") }), /^error: Corpus directory not found: /],
  ])("GIVEN %s THEN ask says so in one line and leaves no index folder behind", async (_name, paths, message) => {
    const dir = makeTempDir();
    writeFileSync(join(dir, "notes.md"), "# not a corpus folder\n");
    const index = join(dir, "fresh", "index");
    const run = await runCli("ask.ts", ["--corpus", paths(dir).corpus, "--index", index, "Who is it?"], { EMBEDDINGS: "use-lite" });
    expect(run.code).toBe(1);
    const errors = run.stderr.split("\n").filter((l) => l.startsWith("error:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/ENOTDIR|\n\s+at /);
    expect(existsSync(join(dir, "fresh"))).toBe(false);
  });

  it.each([
    ["news", ["news", "/nowhere/news-2025"], /^error: the news-2025 data is not at \/nowhere\/news-2025: give its folder/],
    ["scifact", ["scifact", "--data", "/nowhere/scifact"], /^error: the SciFact data is not at \/nowhere\/scifact: give its folder/],
  ])("GIVEN eval %s without its data THEN one line says where it looked and how to give it", async (_name, args, message) => {
    const run = await runCli("eval.ts", args, {});
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
