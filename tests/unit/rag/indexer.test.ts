import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildIndex } from "../../../src/rag/store/local/indexer.js";
import { createRag, silentLogger, type IndexReport, type RagError } from "../../../src/rag/index.js";
import { readCurrent } from "../../../src/rag/store/local/layout.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

const CORPUS = {
  "alpha.md": article("Alpha report", "Alpha says the harbour froze in January. Ships waited outside for weeks."),
  "beta.md": article("Beta report", "Beta covers the election. Turnout rose to a record high this year."),
  "gamma.txt": "Gamma notes\nGamma describes a new bridge over the river. It opened in May.",
};

function setup(files: Record<string, string> = CORPUS, env: Record<string, string> = {}) {
  const corpusDir = makeTempDir();
  writeFiles(corpusDir, files);
  const config = testConfig(corpusDir, env);
  const embedder = createFakeEmbedder();
  return { corpusDir, config, embedder };
}

const build = (s: ReturnType<typeof setup>, full = false) =>
  buildIndex({
    corpusDir: s.config.corpus.dir,
    indexDir: s.config.index.dir,
    maxArticleBytes: s.config.corpus.maxArticleBytes,
    split: s.config.split,
    embedder: s.embedder,
    full,
    lockWaitMs: 0,
    exactMaxPassages: s.config.index.exactMaxPassages,
    log: silentLogger,
  });

describe("buildIndex: incremental", () => {
  it("GIVEN a first build THEN every passage is embedded and the report counts the articles", async () => {
    const s = setup();
    const report = await build(s);
    expect(report).toMatchObject({ full: true, rebuilt: true, articles: 3, unchanged: 0, removed: [] });
    expect(report.added.sort()).toEqual(["alpha", "beta", "gamma"]);
    expect(report.embedded).toBe(report.passages);
    expect(s.embedder.embeddings.texts).toHaveLength(report.passages);
  });

  it("GIVEN no change THEN nothing is embedded and the live build is kept", async () => {
    const s = setup();
    await build(s);
    const before = await readCurrent(s.config.index.dir);
    s.embedder.embeddings.texts = [];
    const report = await build(s);
    expect(report).toMatchObject({ rebuilt: false, embedded: 0, unchanged: 3 });
    expect(await readCurrent(s.config.index.dir)).toBe(before);
  });

  it("GIVEN one changed, one added and one removed article THEN only the changed and added ones are embedded", async () => {
    const s = setup();
    await build(s);
    s.embedder.embeddings.texts = [];
    writeFiles(s.corpusDir, {
      "alpha.md": article("Alpha report", "Alpha says the harbour thawed in March. Ships sailed in at once."),
      "delta.md": article("Delta report", "Delta reviews a film about volcanoes."),
    });
    rmSync(join(s.corpusDir, "beta.md"));
    const report = await build(s);
    expect(report).toMatchObject({ changed: ["alpha"], added: ["delta"], removed: ["beta"], unchanged: 1, full: false });
    expect(s.embedder.embeddings.texts.every((t) => /thawed|volcanoes/.test(t))).toBe(true);
    expect(report.embedded).toBe(2);

    const rag = await createRag(s.config, { embedder: s.embedder });
    await rag.ensureIndex();
    expect(
      rag
        .listArticles()
        .map((a) => a.id)
        .sort(),
    ).toEqual(["alpha", "delta", "gamma"]);
    const hits = await rag.search("election turnout", { mode: "bm25" });
    expect(hits.some((h) => h.article.id === "beta")).toBe(false);
    expect((await rag.search("harbour thawed"))[0]!.article.id).toBe("alpha");
  });

  it("GIVEN --full THEN everything is embedded again", async () => {
    const s = setup();
    const first = await build(s);
    s.embedder.embeddings.texts = [];
    const report = await build(s, true);
    expect(report).toMatchObject({ full: true, rebuilt: true });
    expect(report.embedded).toBe(first.passages);
  });

  it("GIVEN a different embedder THEN the build is full", async () => {
    const s = setup();
    await build(s);
    const other = { ...s, embedder: createFakeEmbedder("another-model") };
    const report = await build(other);
    expect(report.full).toBe(true);
    expect(report.embedded).toBe(report.passages);
  });

  it("GIVEN different splitter settings THEN the build is full", async () => {
    const s = setup();
    await build(s);
    const changed = { ...s, config: { ...s.config, split: { passageTokens: 64, overlapTokens: 8 } } };
    const report = await build(changed);
    expect(report.full).toBe(true);
    // These short articles split the same way at either size: their embeddings are reused.
    expect(report.embedded).toBe(0);
  });
});

// Small builds are searched exactly (no graph); EXACT_SEARCH_MAX_PASSAGES=0 gives these small corpora an HNSW graph.
const DENSE_KINDS = [
  ["an exact scan", {}],
  ["an HNSW graph", { EXACT_SEARCH_MAX_PASSAGES: "0" }],
] as const;

describe.each(DENSE_KINDS)("buildIndex: in-place updates, dense search by %s", (_kind, env) => {
  it("GIVEN a change, an addition and a removal THEN the updated indexes rank exactly as a full rebuild does, in memory and from disk", async () => {
    const s = setup(CORPUS, env);
    const rag = await createRag(s.config, { embedder: s.embedder });
    await rag.reindex();
    writeFiles(s.corpusDir, {
      "alpha.md": article("Alpha report", "Alpha says the harbour thawed in March. Ships sailed in at once."),
      "delta.md": article("Delta report", "Delta reviews a film about volcanoes and ships."),
    });
    rmSync(join(s.corpusDir, "beta.md"));
    const report = await rag.reindex();
    expect(report.full).toBe(false);

    const fullConfig = { ...s.config, index: { ...s.config.index, dir: join(makeTempDir(), "full") } };
    const full = await createRag(fullConfig, { embedder: createFakeEmbedder() });
    await full.reindex();
    const reloaded = await createRag(s.config, { embedder: createFakeEmbedder() });
    await reloaded.ensureIndex();
    for (const query of ["ships harbour", "volcanoes film", "election turnout", "bridge river May"]) {
      for (const mode of ["bm25", "dense", "hybrid"] as const) {
        const expected = (await full.search(query, { mode, k: 10, maxPerArticle: 10 })).map((h) => h.passage.id);
        expect((await rag.search(query, { mode, k: 10, maxPerArticle: 10 })).map((h) => h.passage.id)).toEqual(expected);
        expect((await reloaded.search(query, { mode, k: 10, maxPerArticle: 10 })).map((h) => h.passage.id)).toEqual(expected);
      }
    }
    expect(reloaded.stats()?.passages).toBe(full.stats()?.passages);
  });
});

describe("buildIndex: crash safety", () => {
  it("GIVEN a build that fails midway THEN the previous index still loads and answers", async () => {
    const s = setup();
    await build(s);
    const live = await readCurrent(s.config.index.dir);
    writeFiles(s.corpusDir, { "delta.md": article("Delta report", "Delta reviews a film about volcanoes.") });
    s.embedder.embeddings.failOnCall = s.embedder.embeddings.calls + 1;
    await expect(build(s)).rejects.toThrow(/embedding server went away/);
    expect(await readCurrent(s.config.index.dir)).toBe(live);

    const rag = await createRag(s.config, { embedder: createFakeEmbedder() });
    await rag.ensureIndex();
    expect(rag.stats()?.articles).toBe(3);
    expect((await rag.search("bridge river"))[0]!.article.id).toBe("gamma");
  });

  it("GIVEN a build killed after writing files but before the switch THEN the old build stays live and the leftover is removed later", async () => {
    const s = setup();
    await build(s);
    const live = await readCurrent(s.config.index.dir);
    // What a killed run leaves: a half-written build directory that CURRENT does not name.
    writeFiles(join(s.config.index.dir, "builds", "00000000T000000000Z-dead00"), { "passages.jsonl": "{" });
    const rag = await createRag(s.config, { embedder: createFakeEmbedder() });
    await rag.ensureIndex();
    expect(rag.stats()?.articles).toBe(3);
    expect(await readCurrent(s.config.index.dir)).toBe(live);
    writeFiles(s.corpusDir, { "delta.md": article("Delta report", "Delta reviews a film.") });
    await rag.reindex();
    expect(readdirSync(join(s.config.index.dir, "builds"))).not.toContain("00000000T000000000Z-dead00");
  });

  it("GIVEN a second run while one holds the lock THEN it says another run is in progress", async () => {
    const s = setup();
    // The first build embeds while it holds the lock: it signals when it starts and waits to be let go.
    const signal = () => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    };
    const held = signal();
    const release = signal();
    const slow = createFakeEmbedder();
    const original = slow.embeddings.embedDocuments.bind(slow.embeddings);
    slow.embeddings.embedDocuments = async (texts) => {
      held.resolve();
      await release.promise;
      return original(texts);
    };
    const first = build({ ...s, embedder: slow });
    await held.promise;
    const second = await build(s).catch((e: RagError) => e);
    release.resolve();
    expect(second).toMatchObject({ code: "INDEX_LOCKED", message: expect.stringMatching(/in progress/) });
    await expect(first).resolves.toMatchObject({ rebuilt: true });
  });

  it("GIVEN reindex called twice at once in one process THEN the second is told one is running", async () => {
    const s = setup();
    const rag = await createRag(s.config, { embedder: s.embedder });
    const first = rag.reindex();
    await expect(rag.reindex()).rejects.toMatchObject({ code: "REINDEX_IN_PROGRESS" });
    await first;
  });
});

describe("loading the index", () => {
  it("GIVEN a saved index THEN a new process loads the same passages and ranks the same way", async () => {
    const s = setup();
    const a = await createRag(s.config, { embedder: s.embedder });
    await a.reindex();
    const fresh = await createRag(s.config, { embedder: createFakeEmbedder() });
    await fresh.ensureIndex();
    for (const mode of ["bm25", "dense", "hybrid"] as const) {
      const [x, y] = [await a.search("harbour ships", { mode }), await fresh.search("harbour ships", { mode })];
      expect(y.map((h) => h.passage.id)).toEqual(x.map((h) => h.passage.id));
      expect(y[0]!.passage.text).toBe(x[0]!.passage.text);
    }
    expect(fresh.stats()).toMatchObject({ articles: 3, embedder: "fake-bow", dimension: 64 });
  });

  it("GIVEN no index THEN search builds it from the corpus", async () => {
    const s = setup();
    const rag = await createRag(s.config, { embedder: s.embedder });
    const hits = await rag.search("new bridge");
    expect(hits[0]!.article.id).toBe("gamma");
    expect(await readCurrent(s.config.index.dir)).toBeDefined();
  });

  it("GIVEN a corrupt index THEN loading names the problem and search rebuilds it", async () => {
    const s = setup();
    const first = await createRag(s.config, { embedder: s.embedder });
    await first.reindex();
    const name = (await readCurrent(s.config.index.dir))!;
    const passagesFile = join(s.config.index.dir, "builds", name, "passages.jsonl");
    writeFileSync(passagesFile, `${readFileSync(passagesFile, "utf8")}not json\n`);

    const { readLiveManifest, loadSnapshot } = await import("../../../src/rag/store/local/snapshot.js");
    const live = await readLiveManifest(s.config.index.dir);
    await expect(loadSnapshot(s.config.index.dir, name, live.manifest, s.embedder.embeddings)).rejects.toMatchObject({
      code: "INDEX_CORRUPT",
      message: expect.stringMatching(/corrupt: passages\.jsonl does not match its checksum.*npm run index -- --full/),
    });

    const rag = await createRag(s.config, { embedder: createFakeEmbedder() });
    expect((await rag.search("election turnout"))[0]!.article.id).toBe("beta");
    expect(await readCurrent(s.config.index.dir)).not.toBe(name);
  });

  it("GIVEN a build of format 1 from before passages.jsonl (one passages.json array, no checksums) THEN it is rebuilt with its embeddings reused, then updates in place", async () => {
    const s = setup();
    await build(s);
    const dir = join(s.config.index.dir, "builds", (await readCurrent(s.config.index.dir))!);
    const lines = readFileSync(join(dir, "passages.jsonl"), "utf8").split("\n").filter(Boolean);
    writeFileSync(join(dir, "passages.json"), `[${lines.join(",")}]`);
    rmSync(join(dir, "passages.jsonl"));
    const { checksums: _c, ...manifest } = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...manifest, formatVersion: 1 }));
    s.embedder.embeddings.texts = [];
    const rag = await createRag(s.config, { embedder: s.embedder });
    expect(await rag.ensureIndex()).toMatchObject({ rebuilt: true, embedded: 0 });
    expect((await rag.search("election turnout"))[0]!.article.id).toBe("beta");
    writeFiles(s.corpusDir, { "delta.md": article("Delta report", "Delta reviews a film.") });
    const report = await rag.reindex();
    expect(report).toMatchObject({ full: false, embedded: 1 });
    expect((await rag.search("film review"))[0]!.article.id).toBe("delta");
  });

  it("GIVEN a corrupt manifest THEN the error says which file", async () => {
    const s = setup();
    await build(s);
    const name = (await readCurrent(s.config.index.dir))!;
    writeFileSync(join(s.config.index.dir, "builds", name, "manifest.json"), "{");
    const { readLiveManifest } = await import("../../../src/rag/store/local/snapshot.js");
    await expect(readLiveManifest(s.config.index.dir)).rejects.toThrow(/manifest.json is not valid JSON/);
  });

  it("GIVEN another process switches the live build after the engine was created THEN the first load takes the new build", async () => {
    const s = setup();
    await build(s);
    const rag = await createRag(s.config, { embedder: s.embedder });
    writeFiles(s.corpusDir, { "delta.md": article("Delta report", "Delta reviews a film.") });
    await build(s);
    expect((await rag.search("film review"))[0]!.article.id).toBe("delta");
    expect(rag.stats()?.articles).toBe(4);
  });

  it("GIVEN a build from an older BM25 format THEN the first search rebuilds it with no passage embedded again", async () => {
    const s = setup();
    await build(s);
    const name = (await readCurrent(s.config.index.dir))!;
    const file = join(s.config.index.dir, "builds", name, "manifest.json");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), lexicalVersion: 1 }));
    s.embedder.embeddings.texts = [];
    const rag = await createRag(s.config, { embedder: s.embedder });
    const report = await rag.ensureIndex();
    expect(report).toMatchObject({ rebuilt: true, embedded: 0 });
    expect(s.embedder.embeddings.texts).toEqual([]);
    expect(await readCurrent(s.config.index.dir)).not.toBe(name);
    expect((await rag.search("election turnout"))[0]!.article.id).toBe("beta");
  });

  it("GIVEN a manifest with one bad article entry THEN the error names the entry and the field", async () => {
    const s = setup();
    await build(s);
    const file = join(s.config.index.dir, "builds", (await readCurrent(s.config.index.dir))!, "manifest.json");
    const { readLiveManifest } = await import("../../../src/rag/store/local/snapshot.js");
    const good = await readLiveManifest(s.config.index.dir);
    expect([...good.manifest.articles.keys()].sort()).toEqual(["alpha", "beta", "gamma"]);
    expect(good.manifest.articles.get("beta")!.meta.title).toBe("Beta report");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    delete manifest.articles.beta.hash;
    writeFileSync(file, JSON.stringify(manifest));
    await expect(readLiveManifest(s.config.index.dir)).rejects.toMatchObject({
      code: "INDEX_CORRUPT",
      message: expect.stringMatching(/manifest\.json is invalid \(beta: hash: /),
    });
    manifest.articles.beta.hash = "x";
    manifest.files = { "alpha.md": { size: "big" } };
    writeFileSync(file, JSON.stringify(manifest));
    await expect(readLiveManifest(s.config.index.dir)).rejects.toThrow(/invalid \(alpha\.md: size: /);
  });

  it("GIVEN the corpus changed after the build THEN ensureIndex with update brings it up to date", async () => {
    const s = setup();
    const rag = await createRag(s.config, { embedder: s.embedder });
    await rag.reindex();
    expect(await rag.ensureIndex({ update: true })).toBeUndefined();
    writeFiles(s.corpusDir, { "delta.md": article("Delta report", "Delta reviews a film about volcanoes.") });
    const report = await rag.ensureIndex({ update: true });
    expect(report?.added).toEqual(["delta"]);
    expect((await rag.search("volcanoes film"))[0]!.article.id).toBe("delta");
  });
});

describe("settings changes", () => {
  it("GIVEN the passage settings changed since the build THEN ensureIndex rebuilds in full rather than serve the old passages", async () => {
    const s = setup();
    await (await createRag(s.config, { embedder: s.embedder })).reindex();
    const changed = { ...s.config, split: { passageTokens: 64, overlapTokens: 8 } };
    const rag = await createRag(changed, { embedder: createFakeEmbedder() });
    const report = await rag.ensureIndex();
    expect(report).toMatchObject({ full: true, rebuilt: true });
  });
});

describe("search scoping", () => {
  it("GIVEN an article id or a date range THEN only matching articles are returned", async () => {
    const s = setup({
      "old.md": article("Old news", "The harbour froze.", "date: 2020-01-05\n"),
      "new.md": article("New news", "The harbour froze again.", "date: 2024-02-01\n"),
      "undated.md": article("Undated", "The harbour froze once more."),
    });
    const rag = await createRag(s.config, { embedder: s.embedder });
    const ids = async (o: object) => (await rag.search("harbour froze", o)).map((h) => h.article.id).sort();
    expect(await ids({})).toEqual(["new", "old", "undated"]);
    expect(await ids({ articleId: "old" })).toEqual(["old"]);
    expect(await ids({ dateFrom: "2023-01-01" })).toEqual(["new"]);
    expect(await ids({ dateTo: "2023-01-01", mode: "dense" })).toEqual(["old"]);
  });

  it("GIVEN one long article THEN the per-article cap leaves room for others", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `The harbour report ${i} covers ice and ships in detail.`).join(" ");
    const s = setup(
      { "long.md": article("Long", long), "short.md": article("Short", "A short note on the harbour.") },
      { SEARCH_MAX_PER_ARTICLE: "2" },
    );
    const rag = await createRag(s.config, { embedder: s.embedder });
    const hits = await rag.search("harbour", { k: 5 });
    expect(hits.filter((h) => h.article.id === "long")).toHaveLength(2);
    expect(hits.map((h) => h.article.id)).toContain("short");
  });

  it("GIVEN an empty query THEN search refuses it clearly", async () => {
    const s = setup();
    const rag = await createRag(s.config, { embedder: s.embedder });
    await expect(rag.search("   ")).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("the manifest", () => {
  it("GIVEN a build THEN it records hashes, passage ids, the embedder and the counts", async () => {
    const s = setup();
    await build(s);
    const name = (await readCurrent(s.config.index.dir))!;
    const manifest = JSON.parse(readFileSync(join(s.config.index.dir, "builds", name, "manifest.json"), "utf8"));
    expect(manifest.embedder).toEqual({ id: "fake-bow", dimension: 64 });
    expect(manifest.counts.articles).toBe(3);
    expect(manifest.articles.alpha.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(manifest.articles.alpha.passageIds).toEqual(["alpha#0"]);
    expect(manifest.articles.alpha.meta.title).toBe("Alpha report");
    expect(Object.keys(manifest.files).sort()).toEqual(["alpha.md", "beta.md", "gamma.txt"]);
  });
});

describe.each(DENSE_KINDS)("lexical first, dense search by %s", (_kind, env) => {
  it("GIVEN new articles THEN they are found by their words before their embeddings exist, then by meaning too once embedded", async () => {
    const s = setup(CORPUS, env);
    const embed = s.embedder.embeddings.embedDocuments.bind(s.embedder.embeddings);
    let gate: Promise<void> | undefined;
    let open = () => {};
    let reached = () => {};
    const waiting = new Promise<void>((resolve) => {
      reached = resolve;
    });
    s.embedder.embeddings.embedDocuments = async (texts) => {
      if (gate) {
        reached();
        await gate;
      }
      return embed(texts);
    };
    const rag = await createRag(s.config, { embedder: s.embedder });
    await rag.reindex();
    writeFiles(s.corpusDir, { "delta.md": article("Delta report", "Delta reviews a film about volcanoes.") });
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let searchable: IndexReport | undefined;
    const reindex = rag.reindex({ onSearchable: (r) => (searchable = r) });
    await waiting;
    // Live already: found by BM25; not yet by dense search; the share embedded says so.
    expect(searchable).toMatchObject({ added: ["delta"], embedded: 0 });
    expect((await rag.search("volcanoes film", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("delta");
    expect((await rag.search("volcanoes film", { k: 4, mode: "dense" })).map((h) => h.article.id)).not.toContain("delta");
    expect(rag.stats()).toMatchObject({ passages: 4, embedded: 3 });
    open();
    expect(await reindex).toMatchObject({ added: ["delta"], embedded: 1 });
    expect(rag.stats()).toMatchObject({ passages: 4, embedded: 4 });
    expect((await rag.search("volcanoes film", { k: 1, mode: "dense" }))[0]!.article.id).toBe("delta");
    // And from disk: the last build holds every vector.
    const reloaded = await createRag(s.config, { embedder: createFakeEmbedder() });
    await reloaded.ensureIndex();
    expect(reloaded.stats()).toMatchObject({ passages: 4, embedded: 4 });
  });
});

describe("exact search for small builds", () => {
  const graphDir = (s: ReturnType<typeof setup>, name: string) => join(s.config.index.dir, "builds", name, "hnsw");
  const hasGraphFiles = async (s: ReturnType<typeof setup>) => existsSync(graphDir(s, (await readCurrent(s.config.index.dir))!));

  it("GIVEN a build under the limit THEN it writes no graph and dense search ranks as the graph does", async () => {
    const small = setup();
    const graph = setup(CORPUS, { EXACT_SEARCH_MAX_PASSAGES: "0" });
    const exact = await createRag(small.config, { embedder: small.embedder });
    const hnsw = await createRag(graph.config, { embedder: graph.embedder });
    await exact.reindex();
    await hnsw.reindex();
    expect(await hasGraphFiles(small)).toBe(false);
    expect(await hasGraphFiles(graph)).toBe(true);
    for (const query of ["ships harbour", "volcanoes film", "election turnout", "bridge river May"]) {
      const ranked = async (rag: typeof exact) =>
        (await rag.search(query, { mode: "dense", k: 10, maxPerArticle: 10 })).map((h) => [h.passage.id, h.score.toFixed(4)]);
      expect(await ranked(exact)).toEqual(await ranked(hnsw));
    }
    const scoped = await exact.search("ships harbour", { mode: "dense", articleId: "gamma" });
    expect(scoped.map((h) => h.article.id)).toEqual(["gamma"]);
  });

  it("GIVEN a library that grows past the limit and shrinks back THEN the graph comes and goes, each build updating without a warning", async () => {
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (...args: unknown[]) => void warnings.push(JSON.stringify(args)), child: () => log };
    const s = setup(CORPUS, { EXACT_SEARCH_MAX_PASSAGES: "3" });
    const rag = await createRag(s.config, { embedder: s.embedder, log: log as never });
    await rag.reindex();
    expect(await hasGraphFiles(s)).toBe(false);
    writeFiles(s.corpusDir, {
      "delta.md": article("Delta report", "Delta reviews a film about volcanoes."),
      "epsilon.md": article("Epsilon report", "Epsilon counts the birds of the marsh."),
    });
    await rag.reindex();
    expect(await hasGraphFiles(s)).toBe(true);
    expect((await rag.search("volcanoes film", { k: 1, mode: "dense" }))[0]!.article.id).toBe("delta");
    rmSync(join(s.corpusDir, "delta.md"));
    rmSync(join(s.corpusDir, "epsilon.md"));
    await rag.reindex();
    expect(await hasGraphFiles(s)).toBe(false);
    const reloaded = await createRag(s.config, { embedder: createFakeEmbedder() });
    expect((await reloaded.search("election turnout", { k: 1, mode: "dense" }))[0]!.article.id).toBe("beta");
    expect(warnings).toEqual([]);
  });

  it("GIVEN a small build whose vectors file was damaged THEN loading names it and search rebuilds", async () => {
    const s = setup();
    await (await createRag(s.config, { embedder: s.embedder })).reindex();
    const name = (await readCurrent(s.config.index.dir))!;
    const vectorsFile = join(s.config.index.dir, "builds", name, "vectors.f32");
    const bytes = readFileSync(vectorsFile);
    bytes[5] = bytes[5]! ^ 0xff;
    writeFileSync(vectorsFile, bytes);
    const { readLiveManifest, loadSnapshot } = await import("../../../src/rag/store/local/snapshot.js");
    const live = await readLiveManifest(s.config.index.dir);
    await expect(loadSnapshot(s.config.index.dir, name, live.manifest, s.embedder.embeddings)).rejects.toMatchObject({
      code: "INDEX_CORRUPT",
      message: expect.stringMatching(/vectors\.f32 does not match its checksum/),
    });
    const rag = await createRag(s.config, { embedder: createFakeEmbedder() });
    expect((await rag.search("election turnout", { mode: "dense" }))[0]!.article.id).toBe("beta");
  });
});
