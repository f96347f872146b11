import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addToSourceList, loadSourceList, parseSource, removeFromSourceList } from "../../../src/rag/sources/source-list.js";
import { makeTempDir } from "../../support/corpus.js";

const feed = (url: string) => parseSource({ url, kind: "feed" });

describe("sources.yaml", () => {
  it("GIVEN a file edited by hand THEN adding and removing keep its comments and other entries", async () => {
    const dir = makeTempDir();
    writeFileSync(
      join(dir, "sources.yaml"),
      "# Our outlets\nsources:\n  # the morning paper\n  - url: https://paper.example/feed.xml\n    kind: feed\n    every: 30\n",
    );
    await addToSourceList(dir, feed("https://other.example/rss?utm_source=x"));
    let text = readFileSync(join(dir, "sources.yaml"), "utf8");
    expect(text).toContain("# Our outlets");
    expect(text).toContain("# the morning paper");
    expect((await loadSourceList(dir)).sources.map((s) => [s.url, s.every])).toEqual([
      ["https://paper.example/feed.xml", 30],
      ["https://other.example/rss", undefined],
    ]);
    await removeFromSourceList(dir, "https://PAPER.example/feed.xml#x");
    text = readFileSync(join(dir, "sources.yaml"), "utf8");
    expect(text).toContain("# Our outlets");
    expect((await loadSourceList(dir)).sources.map((s) => s.url)).toEqual(["https://other.example/rss"]);
  });

  it("GIVEN bad entries THEN each is reported by number and the good ones still sync", async () => {
    const dir = makeTempDir();
    writeFileSync(
      join(dir, "sources.yaml"),
      "sources:\n  - url: file:///etc/passwd\n    kind: feed\n  - url: https://a.example/feed\n    kind: podcast\n  - url: https://b.example/sitemap.xml\n    kind: sitemap\n  - url: https://b.example/sitemap.xml\n    kind: sitemap\n",
    );
    const list = await loadSourceList(dir);
    expect(list.sources.map((s) => s.url)).toEqual(["https://b.example/sitemap.xml"]);
    expect(list.problems).toEqual([
      "sources.yaml, source 1: url: url must be an http(s) link",
      "sources.yaml, source 2: kind: kind must be feed, sitemap, site",
      "sources.yaml, source 4: https://b.example/sitemap.xml is listed twice",
    ]);
  });

  it("GIVEN broken YAML THEN reading says so and adding refuses without touching the file", async () => {
    const dir = makeTempDir();
    const broken = "sources:\n  - url: https://a.example/feed\n   kind: [feed\n";
    writeFileSync(join(dir, "sources.yaml"), broken);
    await expect(loadSourceList(dir)).rejects.toThrow(/sources\.yaml is not valid YAML .*; fix it by hand, nothing was changed/);
    await expect(addToSourceList(dir, feed("https://c.example/feed"))).rejects.toThrow(/not valid YAML/);
    expect(readFileSync(join(dir, "sources.yaml"), "utf8")).toBe(broken);
  });

  it("GIVEN no file THEN there are no sources, and the first add writes one with its header", async () => {
    const dir = makeTempDir();
    expect(await loadSourceList(dir)).toEqual({ sources: [], problems: [] });
    await addToSourceList(dir, feed("https://c.example/feed"));
    expect(readFileSync(join(dir, "sources.yaml"), "utf8")).toMatch(
      /^# Sources Footnote keeps in sync[\s\S]*sources:\n {2}- url: https:\/\/c\.example\/feed\n {4}kind: feed\n$/,
    );
    await expect(addToSourceList(dir, feed("https://c.example/feed"))).rejects.toThrow(/already a source/);
  });
});
