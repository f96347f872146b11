import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { removeArticleFromCorpus, removeStoredFile } from "../../../src/rag/corpus/admin.js";
import { createRag } from "../../../src/rag/index.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

const bytes = (s: string) => new TextEncoder().encode(s);

async function setup(files: Record<string, string> = { "alpha.md": article("Alpha report", "The harbour froze in January.") }) {
  const root = makeTempDir();
  const corpusDir = join(root, "corpus");
  writeFiles(corpusDir, files);
  const embedder = createFakeEmbedder();
  const rag = await createRag(testConfig(corpusDir), { embedder });
  await rag.ensureIndex();
  return { root, corpusDir, rag, embedder };
}

const listAll = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe("addArticle", () => {
  it("GIVEN a good markdown file THEN it is stored under a generated name from its title and indexed", async () => {
    const { corpusDir, rag } = await setup();
    const result = await rag.addArticle(
      { fileName: "whatever name.md", content: bytes(article("Bridge Opens — A New Era?", "The new bridge opened in May.")) },
      { maxBytes: 1e6 },
    );
    expect(result.file).toBe("added/bridge-opens-a-new-era.md");
    expect(result.articles.map((a) => a.id)).toEqual(["added/bridge-opens-a-new-era"]);
    expect(result.report.added).toEqual(["added/bridge-opens-a-new-era"]);
    expect((await rag.search("bridge opened"))[0]!.article.id).toBe("added/bridge-opens-a-new-era");
    expect(existsSync(join(corpusDir, "added/bridge-opens-a-new-era.md"))).toBe(true);
  });

  it("GIVEN an uploaded name like ../../etc/passwd THEN nothing is written outside the corpus", async () => {
    const { root, rag } = await setup();
    const before = listAll(root).filter((f) => !f.startsWith(join("index")));
    const result = await rag.addArticle(
      { fileName: "../../etc/passwd.txt", content: bytes("Passwd Notes\nA text about bridges.") },
      { maxBytes: 1e6 },
    );
    expect(result.file).toBe("added/passwd-notes.txt");
    const after = listAll(root).filter((f) => !f.startsWith(join("index")));
    expect(after.filter((f) => !before.includes(f))).toEqual(
      ["corpus/added", "corpus/added/passwd-notes.txt"].map((f) => join(...f.split("/"))),
    );
    expect(existsSync(join(dirname(root), "etc"))).toBe(false);
  });

  it("GIVEN the same title twice THEN the second gets its own name", async () => {
    const { rag } = await setup();
    const one = await rag.addArticle({ fileName: "a.md", content: bytes(article("Same", "First text.")) }, { maxBytes: 1e6 });
    const two = await rag.addArticle({ fileName: "b.md", content: bytes(article("Same", "Second text.")) }, { maxBytes: 1e6 });
    expect([one.file, two.file]).toEqual(["added/same.md", "added/same-2.md"]);
  });

  it.each([
    ["a too-large file", { fileName: "big.md", content: bytes(article("Big", "x".repeat(3000))) }, /limit is 1 KB/],
    ["a wrong type", { fileName: "slides.odp", content: bytes("PK") }, /Only \.md, .*files can be added/],
    ["a PDF that is not one", { fileName: "slides.pdf", content: bytes("%PDF") }, /rejected: could not be parsed/],
    ["a binary file", { fileName: "x.txt", content: new Uint8Array([84, 0, 1]) }, /binary/],
    ["broken front matter", { fileName: "x.md", content: bytes("---\ntitle: [oops\n---\nBody") }, /broken front matter/],
    [
      "a jsonl file with one bad line among good ones",
      { fileName: "x.jsonl", content: bytes(`${JSON.stringify({ id: "ok", title: "Ok", text: "t" })}\n{oops\n`) },
      /line 2: not valid JSON\. Fix it and upload it again/,
    ],
    [
      "an id already in the corpus",
      { fileName: "x.jsonl", content: bytes(JSON.stringify({ id: "alpha", title: "Alpha", text: "t" })) },
      /id "alpha" is already/,
    ],
  ])("GIVEN %s THEN it is rejected with the reason and nothing changes", async (_name, upload, reason) => {
    const { corpusDir, rag } = await setup({ "alpha.jsonl": JSON.stringify({ id: "alpha", title: "Alpha", text: "The harbour froze." }) });
    const before = listAll(corpusDir);
    await expect(rag.addArticle(upload, { maxBytes: 1024 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(reason),
    });
    expect(listAll(corpusDir)).toEqual(before);
    expect(rag.stats()?.articles).toBe(1);
  });

  it("GIVEN the same file uploaded twice THEN the second says where it already is and adds nothing", async () => {
    const { corpusDir, rag } = await setup();
    const upload = { fileName: "a.md", content: bytes(article("Twice", "The same text, sent twice.")) };
    const first = await rag.addArticle(upload, { maxBytes: 1e6 });
    const before = listAll(corpusDir);
    await expect(rag.addArticle({ ...upload, fileName: "b.md" }, { maxBytes: 1e6 })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: `This file is already in the corpus, as ${first.file}; nothing was added.`,
    });
    expect(listAll(corpusDir)).toEqual(before);
  });

  it("GIVEN embedding fails after the new article went live THEN it stays, found by its words, and the next reindex embeds it", async () => {
    const { corpusDir, rag, embedder } = await setup();
    embedder.embeddings.failOnCall = embedder.embeddings.calls + 1;
    const added = await rag.addArticle(
      { fileName: "a.md", content: bytes(article("Doomed", "Text about lighthouses.")) },
      { maxBytes: 1e6 },
    );
    expect(added.report).toMatchObject({ added: ["added/doomed"], embedding: { pending: 1, error: expect.stringMatching(/went away/) } });
    expect(existsSync(join(corpusDir, "added/doomed.md"))).toBe(true);
    expect(rag.stats()).toMatchObject({ articles: 2, passages: 2, embedded: 1 });
    expect((await rag.search("lighthouses", { k: 1, mode: "bm25" }))[0]!.article.id).toBe("added/doomed");
    const resumed = await rag.reindex();
    expect(resumed).toMatchObject({ embedded: 1 });
    expect(resumed.embedding).toBeUndefined();
    expect(rag.stats()).toMatchObject({ embedded: 2 });
  });
});

describe("removeArticle", () => {
  it("GIVEN a markdown article THEN its file and its passages go", async () => {
    const { corpusDir, rag } = await setup({
      "alpha.md": article("Alpha", "The harbour froze."),
      "beta.md": article("Beta", "Turnout rose."),
    });
    const { article: removed, report } = await rag.removeArticle("alpha");
    expect(removed.title).toBe("Alpha");
    expect(report.removed).toEqual(["alpha"]);
    expect(existsSync(join(corpusDir, "alpha.md"))).toBe(false);
    expect(rag.listArticles().map((a) => a.id)).toEqual(["beta"]);
  });

  it("GIVEN an article from a jsonl file THEN only its line goes", async () => {
    const lines = [1, 2].map((i) => JSON.stringify({ id: `j${i}`, title: `J${i}`, text: `Text ${i}.` }));
    const { corpusDir, rag } = await setup({ "bulk.jsonl": lines.join("\n") });
    await rag.removeArticle("j1");
    expect(readFileSync(join(corpusDir, "bulk.jsonl"), "utf8")).toBe(lines[1]);
    expect(rag.listArticles().map((a) => a.id)).toEqual(["j2"]);
  });

  it("GIVEN a removal to undo THEN the file comes back byte for byte, whatever its bytes", async () => {
    // Not text: a binary format (PDF) must be restored as it was, not through a UTF-8 round trip.
    const root = makeTempDir();
    const original = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a]);
    writeFiles(root, { "paper.pdf": original });
    const restore = await removeArticleFromCorpus(root, { id: "paper", file: "paper.pdf", title: "Paper" });
    expect(existsSync(join(root, "paper.pdf"))).toBe(false);
    await restore();
    expect(new Uint8Array(readFileSync(join(root, "paper.pdf")))).toEqual(original);
  });

  it("GIVEN an unknown id THEN it says so", async () => {
    const { rag } = await setup();
    await expect(rag.removeArticle("nope")).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/No article/) });
  });
});

describe("concurrent edits: a reply's verb is true", () => {
  it("GIVEN two removals at once of two lines of one jsonl file THEN each one reported done is gone from the file and from answers", async () => {
    const lines = [1, 2, 3].map((i) =>
      JSON.stringify({ id: `j${i}`, title: `Tide table ${i}`, text: `Tide table ${i} lists the high water at pier ${i}.` }),
    );
    const { corpusDir, rag } = await setup({ "bulk.jsonl": lines.join("\n") });
    const results = await Promise.allSettled([rag.removeArticle("j1"), rag.removeArticle("j2")]);
    const done = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.article.id] : []));
    expect(done.sort()).toEqual(["j1", "j2"]);
    const file = readFileSync(join(corpusDir, "bulk.jsonl"), "utf8");
    for (const id of done) {
      expect(file).not.toContain(`"id":"${id}"`);
      expect((await rag.search(`tide table pier ${id.slice(1)}`, { mode: "bm25" })).map((h) => h.article.id)).not.toContain(id);
    }
    // And a reindex from the files agrees.
    await rag.reindex();
    expect(rag.listArticles().map((a) => a.id)).toEqual(["j3"]);
  });

  it("GIVEN four uploads at once with one title THEN each one reported added is stored in a file of its own and found", async () => {
    const { corpusDir, rag } = await setup();
    const uploads = [1, 2, 3, 4].map((i) =>
      rag.addArticle(
        { fileName: "x.md", content: bytes(article("Same title", `Version ${i} of the lighthouse log, entry ${i}00.`)) },
        { maxBytes: 1e6 },
      ),
    );
    const results = await Promise.allSettled(uploads);
    const added = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(added).toHaveLength(4);
    expect(new Set(added.map((a) => a.file)).size).toBe(4);
    for (const a of added) {
      expect(existsSync(join(corpusDir, a.file))).toBe(true);
      expect(rag.listArticles().map((x) => x.id)).toContain(a.articles[0]!.id);
    }
  });

  it("GIVEN a removal undone after another removal from the same file THEN only its own line comes back", async () => {
    const root = makeTempDir();
    const lines = [1, 2, 3].map((i) => JSON.stringify({ id: `j${i}`, title: `J${i}`, text: `Text ${i}.` }));
    writeFiles(root, { "bulk.jsonl": lines.join("\n") });
    const meta = (id: string) => ({ id, file: "bulk.jsonl", title: id.toUpperCase() });
    const undoFirst = await removeArticleFromCorpus(root, meta("j1"));
    await removeArticleFromCorpus(root, meta("j2"));
    await undoFirst();
    expect(readFileSync(join(root, "bulk.jsonl"), "utf8")).toBe([lines[0], lines[2]].join("\n"));
  });

  it("GIVEN an upload's rollback when its file name now holds another's content THEN that file stays", async () => {
    const root = makeTempDir();
    writeFiles(root, { "added/x.md": "someone else's" });
    await removeStoredFile(root, "added/x.md", bytes("ours"));
    expect(readFileSync(join(root, "added/x.md"), "utf8")).toBe("someone else's");
  });
});
