import { spawn } from "node:child_process";
import { join } from "node:path";
import { markdownTable } from "../markdown.js";

/** One way of starting the command line, timed as a user runs it (`npm run -s …`). */
interface StartupCase {
  name: string;
  args: string[];
  /** The wall-clock goal (issue 12). */
  goalSeconds: number;
  expectExit: number;
}

export interface StartupRow {
  name: string;
  medianSeconds: number;
  maxSeconds: number;
  goalSeconds: number;
  exit: number | null;
}

const TIMES = 5;

function timeNpm(repo: string, args: string[]): Promise<{ seconds: number; exit: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("npm", ["run", "-s", ...args], { cwd: repo, stdio: ["ignore", "ignore", "ignore"] });
    child.on("error", reject);
    child.on("close", (exit) => resolve({ seconds: (performance.now() - started) / 1000, exit }));
  });
}

/**
 * `--help`, usage errors and a first answer on the bundled corpus (its index built beforehand),
 * each run five times; the median and the slowest are reported beside the goal.
 */
export async function measureStartup(repo: string, indexDir: string): Promise<StartupRow[]> {
  const corpus = ["--corpus", join(repo, "corpus"), "--index", indexDir];
  const question = "Did North Korea sell weapons to the Wagner Group?";
  const cases: StartupCase[] = [
    { name: "ask --help", args: ["ask", "--", "--help"], goalSeconds: 0.5, expectExit: 0 },
    { name: "search --mode fuzzy (usage error)", args: ["search", "--", "--mode", "fuzzy", "q"], goalSeconds: 0.5, expectExit: 2 },
    { name: "ask with a 637-character question (usage error)", args: ["ask", "--", "x".repeat(637)], goalSeconds: 0.5, expectExit: 2 },
    { name: "ask --from not-a-date (usage error)", args: ["ask", "--", "--from", "soon", "q"], goalSeconds: 0.5, expectExit: 2 },
    { name: "ask on the bundled corpus, index built", args: ["ask", "--", ...corpus, question], goalSeconds: 2, expectExit: 0 },
  ];
  // Builds the index (and dist/, if stale) so that only start-up and answering are timed.
  const warm = await timeNpm(repo, ["ask", "--", ...corpus, question]);
  if (warm.exit !== 0) throw new Error(`npm run ask exited ${warm.exit} while building the bench index`);
  const rows: StartupRow[] = [];
  for (const c of cases) {
    const runs: number[] = [];
    let exit: number | null = null;
    for (let i = 0; i < TIMES; i++) {
      const run = await timeNpm(repo, c.args);
      runs.push(run.seconds);
      exit = run.exit;
    }
    if (exit !== c.expectExit) throw new Error(`${c.name}: exit ${exit}, expected ${c.expectExit}`);
    runs.sort((a, b) => a - b);
    rows.push({ name: c.name, medianSeconds: runs[Math.floor(TIMES / 2)]!, maxSeconds: runs.at(-1)!, goalSeconds: c.goalSeconds, exit });
  }
  return rows;
}

export function formatStartup(rows: StartupRow[]): string[] {
  return markdownTable(
    ["npm run -s …", "exit", "median s", "slowest s", "goal s", "met"],
    rows.map((r) => [
      r.name,
      r.exit,
      r.medianSeconds.toFixed(2),
      r.maxSeconds.toFixed(2),
      r.goalSeconds,
      r.medianSeconds < r.goalSeconds ? "yes" : "no",
    ]),
  );
}
