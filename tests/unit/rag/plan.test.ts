import { describe, expect, it } from "vitest";
import { parseArticleBytes } from "../../../src/rag/corpus/parse.js";
import { silentLogger } from "../../../src/rag/index.js";
import { SPLITTER_VERSION } from "../../../src/rag/split.js";
import { articleHash } from "../../../src/rag/store/build-steps.js";
import { type LiveSummary, planBuild } from "../../../src/rag/store/plan.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

const FILES = {
  "alpha.md": article("Alpha", "The harbour froze."),
  "beta.md": article("Beta", "Turnout rose."),
};

/** A corpus folder with FILES, the options a store would plan with, and a live summary of it as built. */
async function setup() {
  const corpusDir = makeTempDir();
  writeFiles(corpusDir, FILES);
  const config = testConfig(corpusDir);
  const embedder = createFakeEmbedder();
  // In-process parsing: the planner takes any parser, and the worker pool is tested on its own.
  const parse = parseArticleBytes;
  const opts = { corpusDir, maxArticleBytes: 1e6, parse, split: config.split, embedder, log: silentLogger };
  const hashes = new Map<string, string>();
  for (const [file, text] of Object.entries(FILES)) {
    const parsed = await parseArticleBytes(new TextEncoder().encode(text), file);
    hashes.set(parsed.articles[0]!.id, articleHash(parsed.articles[0]!));
  }
  const live: LiveSummary = {
    articles: hashes,
    embedder: { id: embedder.id, dimension: embedder.dimension },
    splitter: { version: SPLITTER_VERSION, ...config.split },
  };
  return { corpusDir, opts, live };
}

describe("planBuild", () => {
  it("GIVEN no live index THEN every article is added, in a full build", async () => {
    const { opts } = await setup();
    const plan = await planBuild(opts, undefined);
    expect(plan).toMatchObject({ full: true, why: "there is no index yet", reuseEmbeddings: false, nothingChanged: false });
    expect(plan.report).toMatchObject({ added: ["alpha", "beta"], changed: [], removed: [], unchanged: 0, full: true });
  });

  it("GIVEN the live index of this very corpus THEN nothing changed and every article is unchanged", async () => {
    const { opts, live } = await setup();
    const plan = await planBuild(opts, live);
    expect(plan).toMatchObject({ full: false, why: undefined, reuseEmbeddings: true, nothingChanged: true });
    expect(plan.articles.map((a) => a.status)).toEqual(["unchanged", "unchanged"]);
  });

  it("GIVEN one article edited, one added and one gone THEN the plan says which", async () => {
    const { corpusDir, opts, live } = await setup();
    writeFiles(corpusDir, { "alpha.md": article("Alpha", "The harbour thawed."), "gamma.md": article("Gamma", "A bridge opened.") });
    const plan = await planBuild(opts, { ...live, articles: new Map([...live.articles, ["old", "x"]]) });
    expect(plan.report).toMatchObject({ added: ["gamma"], changed: ["alpha"], removed: ["old"], unchanged: 1 });
    expect(plan.articles.map((a) => [a.article.id, a.status])).toEqual([
      ["alpha", "changed"],
      ["beta", "unchanged"],
      ["gamma", "added"],
    ]);
    expect(plan.nothingChanged).toBe(false);
  });

  it.each([
    ["--full", { full: true }, undefined, "--full was asked for", false],
    [
      "another embedder",
      { embedder: { ...createFakeEmbedder("other"), dimension: 8 } },
      undefined,
      "the embedder changed (fake-bow → other)",
      false,
    ],
    ["other passage settings", { split: { passageTokens: 50, overlapTokens: 5 } }, undefined, "the splitter settings changed", true],
    ["the store's own reason", {}, "the previous build is damaged (x)", "the previous build is damaged (x)", true],
  ])("GIVEN %s THEN the build is full, says why, and recomputes the unchanged articles", async (_name, extra, storeWhy, why, reuse) => {
    const { opts, live } = await setup();
    const plan = await planBuild({ ...opts, ...extra }, live, storeWhy);
    expect(plan).toMatchObject({ full: true, why, reuseEmbeddings: reuse, nothingChanged: false });
    expect(plan.report).toMatchObject({ added: [], changed: [], recomputed: 2, unchanged: 0, full: true });
  });
});
