import { spawn } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { article, copyBundledCorpus, writeFiles } from "../support/corpus.js";
import { livePassagesWithoutVector, startPostgres } from "../support/pglite.js";
import { runCli } from "../support/run-cli.js";

const root = join(import.meta.dirname, "../..");

/** 200 articles: enough new text that embedding takes a while, so a kill lands in the middle of it. */
function riverSurveys(): Record<string, string> {
  const many: Record<string, string> = {};
  for (let i = 0; i < 200; i++) {
    many[`river-${i}.md`] = article(`River survey ${i}`, `Survey ${i} measured the river at station ${i}. `.repeat(40));
  }
  return many;
}

/**
 * Runs `npm run index` with `args` and SIGKILLs it once a progress line shows embedding part-way
 * (printed every 5 s without a terminal; the last one would be too late), after `first` appeared
 * on standard error if given.
 */
async function indexKilledWhileEmbedding(args: string[], env: Record<string, string>, first?: RegExp): Promise<void> {
  const child = spawn(process.execPath, [join(root, "bin/run.mjs"), "index", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env },
  });
  let err = "";
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (d) => {
      err += d;
      if (first && !first.test(err)) return;
      for (const [, done, total] of err.matchAll(/embedding: (\d+)\/(\d+)/g)) {
        if (Number(done) > 0 && Number(done) < Number(total)) resolve();
        else if (Number(done) === Number(total)) reject(new Error(`embedding finished before a part-way line: ${err}`));
      }
    });
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
}

describe("the postgres store, killed while it embeds after going live (lexical first)", () => {
  it("GIVEN npm run index killed after 'searchable' THEN the new articles are found by their words and the next run embeds the rest", async () => {
    const postgres = await startPostgres();
    try {
      const corpus = copyBundledCorpus();
      // The killed run's last batch is claimed again after its lease: a short one keeps the test short.
      const env = { INDEX_STORE: "postgres", DATABASE_URL: postgres.url, EMBEDDINGS: "use-lite", EMBED_LEASE_MS: "2000" };
      expect((await runCli("index.ts", ["--corpus", corpus], env)).code).toBe(0);
      writeFiles(corpus, riverSurveys());
      await indexKilledWhileEmbedding(["--corpus", corpus, "--full"], env, /searchable: 202 articles after/);

      // The new generation went live before embedding: the new articles are found by their words.
      const found = await runCli(
        "search.ts",
        ["--corpus", corpus, "--json", "--mode", "bm25", "-k", "1", "River survey 17 station 17"],
        env,
      );
      expect(found.code).toBe(0);
      expect(JSON.parse(found.stdout)[0]).toMatchObject({ articleId: "river-17" });
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        const pending = () => livePassagesWithoutVector(client);
        expect(await pending()).toBeGreaterThan(0);
        // No lock to wait for (it ended with the killed run's connection): the next run embeds what waits.
        const resumed = await runCli("index.ts", ["--corpus", corpus], env);
        expect(resumed.stderr).not.toMatch(/error/);
        expect(resumed.code).toBe(0);
        expect(resumed.stdout).toMatch(/202 articles, \d+ passages \([1-9]\d* embedded/);
        expect(await pending()).toBe(0);
        expect((await runCli("index.ts", ["--corpus", corpus], env)).stdout).toMatch(/up to date/);
        const after = await client.query("SELECT state FROM footnote_generations WHERE state = 'building'");
        expect(after.rows).toEqual([]);
      } finally {
        await client.end();
      }
    } finally {
      await postgres.stop();
    }
  }, 240_000);
});

describe("the local store, killed while it embeds after going live (lexical first)", () => {
  it("GIVEN npm run index killed after 'searchable' THEN the new articles are found by their words and the next run embeds the rest", async () => {
    const corpus = copyBundledCorpus();
    const index = join(corpus, "..", "index");
    const env = { EMBEDDINGS: "use-lite" };
    expect((await runCli("index.ts", ["--corpus", corpus, "--index", index], env)).code).toBe(0);
    writeFiles(corpus, riverSurveys());
    await indexKilledWhileEmbedding(["--corpus", corpus, "--index", index], env, /searchable: 202 articles after/);

    // The build that went live first (or a checkpoint) serves: the new articles by their words.
    const found = await runCli(
      "search.ts",
      ["--corpus", corpus, "--index", index, "--json", "--mode", "bm25", "-k", "1", "River survey 17 station 17"],
      env,
    );
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)[0]).toMatchObject({ articleId: "river-17" });
    // The killed run's lock goes stale after 30 s: the next run waits for it rather than fail.
    const resumed = await runCli("index.ts", ["--corpus", corpus, "--index", index], { ...env, INDEX_LOCK_WAIT_MS: "45000" });
    expect(resumed.stderr).not.toMatch(/error/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/202 articles, \d+ passages \([1-9]\d* embedded/);
    expect((await runCli("index.ts", ["--corpus", corpus, "--index", index], env)).stdout).toMatch(/up to date/);
  }, 240_000);
});
