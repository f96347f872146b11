import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { article, copyBundledCorpus, writeFiles } from "../support/corpus.js";
import { startPostgres } from "../support/pglite.js";
import { runCli } from "../support/run-cli.js";

const root = join(import.meta.dirname, "../..");

describe("the postgres store, killed mid-build", () => {
  it("GIVEN npm run index killed while it embeds THEN the previous index keeps answering and the next run completes", async () => {
    const postgres = await startPostgres();
    try {
      const corpus = copyBundledCorpus();
      const env = { INDEX_STORE: "postgres", DATABASE_URL: postgres.url, EMBEDDINGS: "use-lite" };
      expect((await runCli("index.ts", ["--corpus", corpus], env)).code).toBe(0);

      // Enough new text that embedding takes a while, so the kill lands in the middle of it.
      const many: Record<string, string> = {};
      for (let i = 0; i < 200; i++) {
        many[`river-${i}.md`] = article(`River survey ${i}`, `Survey ${i} measured the river at station ${i}. `.repeat(40));
      }
      writeFiles(corpus, many);
      const child = spawn(process.execPath, [join(root, "bin/run.mjs"), "index", "--corpus", corpus, "--full"], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env },
      });
      let err = "";
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      // The progress line printed part-way (every 5 s without a terminal); the last one would be too late.
      await new Promise<void>((resolve, reject) => {
        child.stderr.on("data", (d) => {
          err += d;
          for (const [, done, total] of err.matchAll(/embedding: (\d+)\/(\d+)/g)) {
            if (Number(done) > 0 && Number(done) < Number(total)) resolve();
            else if (Number(done) === Number(total)) reject(new Error(`embedding finished before a part-way line: ${err}`));
          }
        });
      });
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");

      // The index that was live still answers, with its two articles (the new files set aside, so
      // that the ask does not bring the index up to date first).
      for (const name of Object.keys(many)) rmSync(join(corpus, name));
      const ask = await runCli("ask.ts", ["--corpus", corpus, "--json", "Who heads the Wagner Group?"], env);
      expect(ask.code).toBe(0);
      expect(JSON.parse(ask.stdout)).toMatchObject({ refused: false, shortAnswer: expect.stringMatching(/Prigozhin/) });
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        const live = await client.query("SELECT g.articles FROM footnote_live l JOIN footnote_generations g ON g.id = l.generation");
        expect(live.rows[0].articles).toBe(2);
        writeFiles(corpus, many);
        const again = await runCli("index.ts", ["--corpus", corpus], env);
        expect(again.code).toBe(0);
        expect(again.stdout).toMatch(/added 200/);
        const after = await client.query("SELECT state, count(*)::int AS n FROM footnote_generations GROUP BY state ORDER BY state");
        expect(after.rows.find((r) => r.state === "building")).toBeUndefined();
      } finally {
        await client.end();
      }
    } finally {
      await postgres.stop();
    }
  }, 240_000);
});
