import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { article, makeTempDir, writeFiles } from "../support/corpus.js";
import { runCli } from "../support/run-cli.js";

const SERVER = "200000000000000031";

describe("npm run export", () => {
  it("GIVEN a server's library THEN it is zipped with its source list, without bookkeeping; an existing file is never overwritten", async () => {
    const data = makeTempDir();
    const out = makeTempDir();
    writeFiles(join(data, "servers", SERVER, "corpus"), {
      "added/tides.md": article("Tide tables", "High tide at Arden is at 6:12 on Monday."),
      "sources.yaml": "sources: []\n",
      ".footnote/state.json": "{}",
    });
    const env = { DATA_DIR: data, CORPUS_DIR: makeTempDir(), CWD: out };
    const run = await runCli("export", ["--server", SERVER, "--out", "tides.zip"], env);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^tides\.zip: 2 files, /);
    const zip = await JSZip.loadAsync(readFileSync(join(out, "tides.zip")));
    expect(
      Object.keys(zip.files)
        .filter((n) => !zip.files[n]!.dir)
        .sort(),
    ).toEqual(["added/tides.md", "sources.yaml"]);
    const again = await runCli("export", ["--server", SERVER, "--out", "tides.zip"], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/tides\.zip exists/);
    const bad = await runCli("export", ["--server", "../x"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--server takes a Discord server id/);
  });
});
