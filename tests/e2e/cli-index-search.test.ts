import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyBundledCorpus, makeTempDir, writeFiles } from "../support/corpus.js";
import { runCli } from "../support/run-cli.js";

// The commands a developer runs, as separate processes with the real offline model.
describe("npm run index / npm run search", () => {
  it("GIVEN the bundled corpus THEN search --json builds the index and prints one JSON array", async () => {
    const index = join(makeTempDir(), "index");
    const { code, stdout, stderr } = await runCli(
      "search.ts",
      ["--corpus", copyBundledCorpus(), "--index", index, "--json", "-k", "3", "Kirby Wagner"],
      {
        EMBEDDINGS: "use-lite",
      },
    );
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const hits = JSON.parse(stdout);
    expect(hits).toHaveLength(3);
    expect(hits[0]).toMatchObject({
      rank: 1,
      articleId: "us-claims-north-korea-sold-arms-to-wagner",
      title: expect.stringContaining("US Claims"),
    });
    expect(Object.keys(hits[0]).sort()).toEqual(["articleId", "passageId", "rank", "score", "text", "title"]);
  });

  it("GIVEN a corpus with a broken file THEN index skips it by name once, indexes the rest and reports counts", async () => {
    const corpus = copyBundledCorpus();
    writeFiles(corpus, { "broken.md": "---\ntitle: [oops\n---\nText." });
    const index = join(makeTempDir(), "index");
    const first = await runCli("index.ts", ["--corpus", corpus, "--index", index], { EMBEDDINGS: "use-lite" });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/added 2/);
    expect(first.stdout).toMatch(/broken\.md: broken front matter/);
    // The reason is printed once, in the report, not also as a warning.
    expect(`${first.stdout}${first.stderr}`.match(/broken\.md/g)).toHaveLength(1);

    const again = await runCli("index.ts", ["--corpus", corpus, "--index", index], { EMBEDDINGS: "use-lite" });
    expect(again.stdout).toMatch(/up to date/);
  });

  it("GIVEN npm run articles THEN it lists each article's id, newest first, and words narrow the list (ids for --article)", async () => {
    const corpus = copyBundledCorpus();
    const index = join(makeTempDir(), "index");
    const all = await runCli("articles.ts", ["--corpus", corpus, "--index", index], { EMBEDDINGS: "use-lite" });
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split("\n")).toEqual([
      "wagner-group-north-korean-weapons-ukraine  ·  2023-07-30  ·  Light Wave  ·  Wagner Group Suspected of Dumping North Korean Weapons Into Ukraine",
      "us-claims-north-korea-sold-arms-to-wagner  ·  no date  ·  US Claims North Korea Sold Arms to Russian Wagner Mercs",
      "2 articles",
    ]);
    const some = await runCli("articles.ts", ["--corpus", corpus, "--index", index, "--json", "US", "claims"], { EMBEDDINGS: "use-lite" });
    expect(JSON.parse(some.stdout).map((a: { id: string }) => a.id)).toEqual(["us-claims-north-korea-sold-arms-to-wagner"]);
    // The id it gives is the one ask takes.
    const ask = await runCli(
      "ask.ts",
      ["--corpus", corpus, "--index", index, "--json", "--article", "us-claims-north-korea-sold-arms-to-wagner", "Who is Kirby?"],
      {
        EMBEDDINGS: "use-lite",
      },
    );
    expect(JSON.parse(ask.stdout.trim().split("\n")[0]!).citations.map((c: { articleId: string }) => c.articleId)).toEqual([
      "us-claims-north-korea-sold-arms-to-wagner",
    ]);
  });

  // Each usage error is a unit test (tests/unit/cli/args.test.ts); this is the process's side of it.
  it("GIVEN bad arguments THEN the process prints one line on standard error and exits 2, before loading the core", async () => {
    const { code, stdout, stderr } = await runCli("search.ts", ["--mode", "fuzzy", "q"], {});
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^error: --mode must be hybrid, dense or bm25, got "fuzzy" \(npm run search -- --help shows the usage\)$/),
    ]);
  });

  it("GIVEN an empty corpus THEN search fails with a clear one-line error", async () => {
    const { code, stderr } = await runCli("search.ts", ["--corpus", makeTempDir(), "--index", join(makeTempDir(), "i"), "q"], {
      EMBEDDINGS: "use-lite",
    });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n").at(-1)).toMatch(/^error: No valid article in .* \(it has no article files\)$/);
  });

  it("GIVEN an invalid setting THEN the command names it", async () => {
    const { code, stderr } = await runCli("search.ts", ["q"], { SEARCH_TOP_K: "lots", EMBEDDINGS: "bert" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/SEARCH_TOP_K/);
    expect(stderr).toMatch(/EMBEDDINGS/);
  });
});

describe("npm run ask", () => {
  it("GIVEN --json and the done-when question THEN one JSON object names John Kirby and cites the US Claims article", async () => {
    const args = ["--corpus", copyBundledCorpus(), "--index", join(makeTempDir(), "index"), "--json"];
    const { code, stdout } = await runCli(
      "ask.ts",
      [...args, "Who is the US National Security spokesperson quoted about the arms sales?"],
      { EMBEDDINGS: "use-lite" },
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!);
    expect(answer.answer).toContain("John Kirby");
    expect(answer.citations[0]).toMatchObject({ n: 1, articleId: "us-claims-north-korea-sold-arms-to-wagner" });
    // The bold line needs every noun of the question beside it ("arms sales" is not in Kirby's
    // sentence or its neighbours): the answer names him, in bold only when all of it matches.
    if (answer.shortAnswer !== undefined) expect(answer.shortAnswer).toBe("John Kirby");
    expect(
      Object.keys(answer)
        .filter((k) => k !== "shortAnswer")
        .sort(),
    ).toEqual(["answer", "answerer", "citations", "disagreement", "question", "refused", "related", "timings"].sort());
    expect(Object.keys(answer.timings).sort()).toEqual(["answerMs", "retrieveMs"]);
  });

  it("GIVEN questions on standard input with --json THEN each gets exactly one JSON line, and a bad one is reported on stderr", async () => {
    const questions = [
      "What is the capital of Australia?",
      "",
      "Who heads the Wagner Group?",
      "x".repeat(600),
      "Who wrote the Light Wave article?",
    ];
    const { code, stdout, stderr } = await runCli(
      "ask.ts",
      ["--corpus", copyBundledCorpus(), "--index", join(makeTempDir(), "index"), "--json"],
      { EMBEDDINGS: "use-lite" },
      questions.join("\n"),
    );
    const answers = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.question)).toEqual([questions[0], questions[2], questions[4]]);
    expect(answers[0]).toMatchObject({ refused: true, citations: [] });
    expect(answers[1].answer).toContain("Prigozhin");
    expect(answers[2].answer).toContain("Belal Awad");
    expect(stderr).toMatch(/Questions are limited to 500 characters/);
    expect(code).toBe(1);
  });

  it("GIVEN a question the articles do not cover THEN it exits 0 and says so in readable form", async () => {
    const { code, stdout } = await runCli(
      "ask.ts",
      ["--corpus", copyBundledCorpus(), "--index", join(makeTempDir(), "index"), "What is the capital of Australia?"],
      {
        EMBEDDINGS: "use-lite",
      },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/The articles do not cover this question\./);
    expect(stdout).not.toMatch(/Sources:/);
  });

  it("GIVEN a readable answer THEN the sources follow with their quotes", async () => {
    const { stdout } = await runCli(
      "ask.ts",
      ["--corpus", copyBundledCorpus(), "--index", join(makeTempDir(), "index"), "Who heads the Wagner Group?"],
      {
        EMBEDDINGS: "use-lite",
      },
    );
    expect(stdout).toMatch(/Prigozhin[^\n]*\[1\]/);
    // Each source: "[n] title (author, outlet, date)", its link if any, then the quote, indented.
    expect(stdout).toMatch(/Sources:\n\[1\] .+\n( {4}https?:.+\n)? {4}“.+”\n/);
    expect(stdout).toMatch(/^\[1\] US Claims North Korea Sold Arms to Russian Wagner Mercs$/m);
    // An article with its author, outlet and date says them after its title.
    const other = await runCli(
      "ask.ts",
      ["--corpus", copyBundledCorpus(), "--index", join(makeTempDir(), "index"), "Who told Sky News that Prigozhin went to North Korea?"],
      { EMBEDDINGS: "use-lite" },
    );
    expect(other.stdout).toMatch(
      /^\[\d\] Wagner Group Suspected of Dumping North Korean Weapons Into Ukraine \(Belal Awad, Light Wave, 30 July 2023\)\n( {4}https?:.+\n)? {4}“.+”$/m,
    );
  });
});
