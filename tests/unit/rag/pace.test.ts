import { describe, expect, it } from "vitest";
import { MetadataIndex } from "../../../src/rag/ask/metadata-index.js";
import { findCopies, findCopiesInSlices } from "../../../src/rag/copies.js";
import { minhashOf } from "../../../src/rag/corpus/minhash.js";
import { buildIndex } from "../../../src/rag/store/local/indexer.js";
import { LexicalIndex } from "../../../src/rag/store/local/lexical.js";
import { noPause, pacer } from "../../../src/rag/pace.js";
import { silentLogger, type Passage } from "../../../src/rag/index.js";
import type { IndexView } from "../../../src/rag/store/store.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

/**
 * A server's reindex shares the process with every other server's answers, so its long loops
 * give the event loop a turn every slice. What is checked here is that they do (a pause is asked
 * for as the work goes) and that slicing changes nothing they make; how long a slice runs is
 * measured in the bench (npm run bench -- --only servers), never here.
 */
const counting = () => {
  const calls = { n: 0 };
  return { calls, pause: () => void calls.n++ };
};

const passages: Passage[] = Array.from({ length: 40 }, (_, i) => ({
  id: `a${i}#0`,
  articleId: `a${i}`,
  title: `Report ${i}`,
  text: `The harbour froze in week ${i}; ferries ${i % 3 ? "waited" : "sailed"} outside the north pier.`,
  start: 0,
  end: 60,
}));

describe("work done in slices", () => {
  it("GIVEN a pacer THEN it gives a turn only once its slice has run, and the next slice starts after it", async () => {
    const pause = pacer(30);
    expect(pause()).toBeUndefined();
    const started = performance.now();
    while (performance.now() - started < 35);
    // Work queued before the turn is asked for runs before the slice goes on.
    let other = false;
    setImmediate(() => {
      other = true;
    });
    const turn = pause();
    expect(turn).toBeInstanceOf(Promise);
    await turn;
    expect(other).toBe(true);
    expect(pause()).toBeUndefined();
    expect(noPause()).toBeUndefined();
  });

  it("GIVEN a BM25 build with a pause THEN it is asked for at every passage and the index ranks as one built without", async () => {
    const { calls, pause } = counting();
    const sliced = await LexicalIndex.build(passages, pause);
    const whole = await LexicalIndex.build(passages);
    expect(calls.n).toBe(passages.length);
    const options = { k1: 1.2, b: 0.75 };
    expect(sliced.query("ferries sailed", 10, options)).toEqual(whole.query("ferries sailed", 10, options));
    const before = calls.n;
    await whole.update(new Set(["a1#0"]), passages.slice(0, 5), pause);
    expect(calls.n - before).toBe(5);
  });

  it("GIVEN a metadata index or copy groups made in slices THEN they equal the ones made at once", async () => {
    const story = [
      "The Arden harbour board voted on Tuesday to dredge the inner harbour before the autumn storms,",
      "after pilots warned that silt had left the main channel too shallow for the larger ferries.",
      "The work will cost $2.4 million and close the north quay for six weeks from September.",
    ].join(" ");
    ("The Arden harbour board voted on Tuesday to dredge the inner harbour before the autumn storms, after pilots warned that silt had left the main channel too shallow for the larger ferries and boats.");
    const articles = [
      { id: "a", file: "a.md", title: "Harbour to be dredged", author: "Jane Roe", minhash: minhashOf(story) },
      {
        id: "b",
        file: "b.md",
        title: "Dredgers head for Arden",
        source: "Harbour Herald",
        minhash: minhashOf(story),
      },
      { id: "c", file: "c.md", title: "Library opens Sundays" },
    ];
    const view = { articles: () => articles } as unknown as IndexView;
    const { calls, pause } = counting();
    const sliced = await MetadataIndex.build(view, pause);
    expect(calls.n).toBe(articles.length);
    for (const terms of [["harbour"], ["roe"], ["herald", "dredger"], ["nothing"]])
      expect(sliced.scores(terms)).toEqual(new MetadataIndex(view).scores(terms));
    const groups = await findCopiesInSlices(articles, pause);
    expect(calls.n).toBeGreaterThan(articles.length);
    expect(groups.get("a")).toEqual(findCopies(articles).get("a"));
    expect([...(groups.get("a") ?? [])].sort()).toEqual(["a", "b"]);
  });

  it("GIVEN a build with a pause THEN planning and splitting ask for it at every article", async () => {
    const corpusDir = makeTempDir();
    writeFiles(
      corpusDir,
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`n${i}.md`, article(`Note ${i}`, `The pier opened in year ${i}.`)])),
    );
    const config = testConfig(corpusDir);
    const { calls, pause } = counting();
    await buildIndex({
      corpusDir,
      indexDir: config.index.dir,
      maxArticleBytes: config.corpus.maxArticleBytes,
      split: config.split,
      embedder: createFakeEmbedder(),
      lockWaitMs: 0,
      log: silentLogger,
      pause,
    });
    // 12 when planning, 12 when splitting, 12 passages into BM25.
    expect(calls.n).toBeGreaterThanOrEqual(36);
  });
});
