import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createRag, type Rag } from "../../src/rag/index.js";
import { buildIndex } from "../../src/rag/store/local/indexer.js";
import { readCurrent } from "../../src/rag/store/local/layout.js";
import { termsOf } from "../../src/rag/store/term-stats.js";
import { acquireBuildLock } from "../../src/rag/store/local/lock.js";
import { silentLogger } from "../../src/rag/logger.js";
import { article, makeTempDir, testConfig, writeFiles } from "../support/corpus.js";
import { createFakeEmbedder } from "../support/fake-embedder.js";
import { HOSTILE_BAD, HOSTILE_GOOD, writeHostileCorpus } from "../support/hostile-corpus.js";

describe("the hostile corpus", () => {
  let rag: Rag;
  let report: Awaited<ReturnType<Rag["reindex"]>>;
  beforeAll(async () => {
    const dir = join(makeTempDir(), "corpus");
    writeHostileCorpus(dir);
    rag = await createRag(testConfig(dir), { embedder: createFakeEmbedder() });
    report = await rag.reindex();
  }, 60_000);

  it.each(HOSTILE_BAD)("GIVEN %j THEN it is skipped by name with its reason", (file, reason) => {
    const skipped = report.skipped.filter((s) => s.file === file);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toMatch(reason);
  });

  it("GIVEN front matter in JavaScript THEN its code never ran", () => {
    expect((globalThis as Record<string, unknown>).__footnoteHostile).toBeUndefined();
  });

  it("GIVEN every file THEN only the bad ones were skipped and every good article is indexed", () => {
    expect(report.skipped.map((s) => s.file).sort()).toEqual(HOSTILE_BAD.map(([f]) => f).sort());
    expect(
      rag
        .listArticles()
        .map((a) => a.id)
        .sort(),
    ).toEqual(HOSTILE_GOOD.map((g) => g.id).sort());
  });

  it.each(HOSTILE_GOOD)(
    "GIVEN the good article $id THEN its question is answered from it (or, held back, quoted from it)",
    async ({ id, question, fact }) => {
      const answer = await rag.ask(question, { articleId: id });
      // Held back when not confident enough (issue 26): the sentence it would have led with is then the first closest passage.
      const shown = answer.refused ? (answer.closest ?? []) : answer.citations;
      expect(shown.length).toBeGreaterThan(0);
      expect(answer.refused ? shown[0]!.quote : answer.answer).toContain(fact);
      expect(shown.map((c) => c.articleId)).toEqual([id]);
    },
  );

  it("GIVEN escape sequences in an article THEN none reach its text, quotes or answers", async () => {
    const answer = await rag.ask("How long did the island lighthouse keeper serve?");
    const shown = JSON.stringify(answer);
    expect(shown).not.toMatch(/\\u001b|\\u0007|\u009b/);
    expect(answer.answer).toContain("forty years");
  });

  it("GIVEN a 400 KB paragraph THEN its passages stay within the passage size", async () => {
    const hits = await rag.search("ferry river crossing late", { k: 5, articleId: "long-paragraph" });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.passage.text.length).toBeLessThanOrEqual(300 * 12);
  });

  it("GIVEN a question made of Object's own property names THEN it is answered or refused, never a crash", async () => {
    for (const q of [
      "What did the constructor build?",
      "toString valueOf hasOwnProperty __proto__ constructor?",
      "Who wrote the article about the bridge constructor?",
    ]) {
      const answer = await rag.ask(q);
      expect(typeof answer.answer).toBe("string");
    }
    const meta = await rag.ask("Who wrote the article about the bridge constructor?");
    expect(meta.answer).toMatch(/Constructor Desk/);
  });
});

describe("dictionary words", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"])(
    "GIVEN %j THEN it is a term like any other",
    (word) => {
      expect(termsOf(`the ${word} said`).length).toBeGreaterThanOrEqual(2);
    },
  );

  it("GIVEN an article titled 'Bridge Constructor Honoured' THEN npm run index's build goes live and answers", async () => {
    const dir = makeTempDir();
    writeFiles(dir, { "bridge.md": article("Bridge Constructor Honoured", "The constructor of the bridge was honoured in May.") });
    const rag = await createRag(testConfig(dir), { embedder: createFakeEmbedder() });
    await rag.reindex();
    expect((await rag.ask("When was the constructor of the bridge honoured?")).answer).toMatch(/May/);
  });
});

describe("a build goes live only once checked", () => {
  it("GIVEN a build whose check fails THEN CURRENT still names the old build and the new build's files are gone", async () => {
    const dir = makeTempDir();
    writeFiles(dir, { "a.md": article("Alpha", "Alpha text about rivers.") });
    const config = testConfig(dir);
    const rag = await createRag(config, { embedder: createFakeEmbedder() });
    await rag.reindex();
    const live = await readCurrent(config.index.dir);
    writeFiles(dir, { "b.md": article("Beta", "Beta text about lakes.") });
    const attempt = buildIndex({
      corpusDir: dir,
      indexDir: config.index.dir,
      maxArticleBytes: 1e6,
      split: config.split,
      embedder: createFakeEmbedder(),
      lockWaitMs: 0,
      log: silentLogger,
      verify: () => {
        throw new Error("the new build cannot answer");
      },
    });
    await expect(attempt).rejects.toThrow(/cannot answer/);
    expect(await readCurrent(config.index.dir)).toBe(live);
    expect(readdirSync(join(config.index.dir, "builds"))).toEqual([live]);
  });
});

describe("a damaged index is never served", () => {
  async function built() {
    const dir = makeTempDir();
    writeFiles(dir, {
      "a.md": article("Harbour report", "The harbour froze in January."),
      "b.md": article("Market report", "The market opened on Tuesday."),
    });
    const config = testConfig(dir);
    await (await createRag(config, { embedder: createFakeEmbedder() })).reindex();
    const build = join(config.index.dir, "builds", (await readCurrent(config.index.dir))!);
    return { config, build };
  }

  it("GIVEN a flipped word in passages.jsonl THEN the next process rebuilds instead of quoting it", async () => {
    const { config, build } = await built();
    const file = join(build, "passages.jsonl");
    writeFileSync(file, readFileSync(file, "utf8").replace("January", "Jabberwock"));
    const rag = await createRag(config, { embedder: createFakeEmbedder() });
    const answer = await rag.ask("When did the harbour freeze?");
    expect(answer.answer).toContain("January");
    expect(JSON.stringify(answer)).not.toContain("Jabberwock");
    expect(await readCurrent(config.index.dir)).not.toBe(build.split("/").at(-1));
  });

  it("GIVEN a zeroed lexical.bin THEN it is detected and rebuilt", async () => {
    const { config, build } = await built();
    const file = join(build, "lexical", "lexical.bin");
    writeFileSync(file, Buffer.alloc(readFileSync(file).length));
    const rag = await createRag(config, { embedder: createFakeEmbedder() });
    expect((await rag.search("market opened Tuesday", { mode: "bm25" }))[0]!.article.id).toBe("b");
    expect(await readCurrent(config.index.dir)).not.toBe(build.split("/").at(-1));
  });
});

describe("a killed index run", () => {
  it("GIVEN the build lock still held and a changed corpus THEN ask answers from the live index", async () => {
    const dir = makeTempDir();
    writeFiles(dir, { "a.md": article("Harbour report", "The harbour froze in January.") });
    const config = testConfig(dir);
    await (await createRag(config, { embedder: createFakeEmbedder() })).reindex();
    // A killed run's lock stays until it goes stale (30 s); this one is held by the test.
    const release = await acquireBuildLock(config.index.dir, 0, silentLogger);
    try {
      writeFiles(dir, { "b.md": article("Market report", "The market opened on Tuesday.") });
      const rag = await createRag(config, { embedder: createFakeEmbedder() });
      expect(await rag.ensureIndex({ update: true })).toBeUndefined();
      expect((await rag.ask("When did the harbour freeze?")).answer).toContain("January");
    } finally {
      await release();
    }
  });
});

describe("files that hold user data", () => {
  it("GIVEN a build THEN the index folder is readable by its owner only", async () => {
    const dir = makeTempDir();
    writeFiles(dir, { "a.md": article("Harbour report", "The harbour froze in January.") });
    const config = testConfig(dir);
    await (await createRag(config, { embedder: createFakeEmbedder() })).reindex();
    const { statSync } = await import("node:fs");
    expect(statSync(config.index.dir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(config.index.dir, "CURRENT"))).toBe(true);
  });
});
