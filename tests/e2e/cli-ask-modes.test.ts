import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyBundledCorpus, makeTempDir } from "../support/corpus.js";
import { runCli } from "../support/run-cli.js";

const root = join(import.meta.dirname, "../..");
const ESCAPES = /\x1b(\[[0-9;?]*[A-Za-z]|[78])/g;

/**
 * Runs `npm run ask` inside a real pseudo-terminal (util-linux `script`), 60 columns wide, and types
 * the next question each time the prompt appears: no sleeps, the prompt is the signal.
 */
function askInTerminal(args: string[], questions: string[]): Promise<{ code: number | null; output: string }> {
  const command = `stty cols 60 rows 50; exec '${process.execPath}' '${join(root, "bin/run.mjs")}' ask ${args.map((a) => `'${a}'`).join(" ")}`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", EMBEDDINGS: "use-lite", TERM: "xterm" },
  });
  let output = "";
  let prompts = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    const seen =
      output
        .replace(ESCAPES, "")
        .replace(/\r/g, "")
        .match(/(^|\n)> /g)?.length ?? 0;
    while (prompts < seen) {
      child.stdin.write(`${questions[prompts] ?? ""}\r`);
      prompts++;
    }
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: output.replace(ESCAPES, "").replace(/\r/g, "") }));
  });
}

describe("npm run ask without a question", () => {
  it("GIVEN a terminal THEN it prompts, answers each question wrapped to the width, and an empty line leaves", async () => {
    const args = ["--corpus", copyBundledCorpus(), "--index", join(makeTempDir(), "index")];
    expect((await runCli("index.ts", args, { EMBEDDINGS: "use-lite" })).code).toBe(0);
    const { code, output } = await askInTerminal(args, ["Who heads the Wagner Group?", "Who is the US National Security spokesperson?"]);
    expect(code).toBe(0);
    expect(output).toMatch(/an empty line or Ctrl-D\s+leaves/);
    expect(output).toMatch(/Yevgeny Prigozhin/);
    expect(output).toMatch(/John Kirby/);
    // Both answers came from one process, and every line fits the terminal, broken between words.
    const answerLines = output.split("\n").filter((line) => !line.startsWith("> "));
    expect(answerLines.filter((line) => [...line].length > 60)).toEqual([]);
    expect(output).not.toMatch(/Prigo\nzhin|Wag\nner/);
  }, 120_000);

  it("GIVEN questions on a pipe THEN each answer is printed under its question", async () => {
    const args = ["--corpus", copyBundledCorpus(), "--index", join(makeTempDir(), "index")];
    const { code, stdout } = await runCli(
      "ask.ts",
      args,
      { EMBEDDINGS: "use-lite" },
      "Who heads the Wagner Group?\n\nWho is the US National Security spokesperson?\n",
    );
    expect(code).toBe(0);
    const first = stdout.indexOf("Q: Who heads the Wagner Group?");
    const second = stdout.indexOf("Q: Who is the US National Security spokesperson?");
    expect(first).toBe(0);
    expect(second).toBeGreaterThan(stdout.indexOf("Prigozhin"));
    expect(stdout.indexOf("Kirby", second)).toBeGreaterThan(second);
  }, 120_000);
});
