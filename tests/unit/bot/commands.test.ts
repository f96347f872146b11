import { describe, expect, it } from "vitest";
import { addArticle, attachmentUrl } from "../../../src/bot/commands/add-article.js";
import { ARTICLE_FORMATS, FORMAT_NAMES } from "../../../src/rag/index.js";

describe("command definitions", () => {
  it("GIVEN /add-article THEN its description names each format from the registry, within Discord's limit", () => {
    const { description } = addArticle.data as { description: string };
    expect(description).toContain(FORMAT_NAMES);
    for (const format of ARTICLE_FORMATS) expect(description).toContain(format.extensions[0]);
    expect(description.length).toBeLessThanOrEqual(100);
  });
});

describe("attachmentUrl", () => {
  const HOSTS = ["cdn.discordapp.com", "media.discordapp.net", "127.0.0.1:4000"];
  it.each([
    ["Discord's CDN", "https://cdn.discordapp.com/attachments/1/2/a.md", true],
    ["Discord's media proxy", "https://media.discordapp.net/attachments/1/2/a.md", true],
    ["a listed loopback test host over http", "http://127.0.0.1:4000/attachments/a.md", true],
    ["Discord's CDN over plain http", "http://cdn.discordapp.com/attachments/1/2/a.md", false],
    ["another host", "https://evil.example/a.md", false],
    ["a look-alike host", "https://cdn.discordapp.com.evil.example/a.md", false],
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/", false],
    ["loopback on another port", "http://127.0.0.1:5000/a.md", false],
    ["a data: URL", "data:text/plain,hello", false],
    ["a file: URL", "file:///etc/passwd", false],
    ["no URL at all", "not a url", false],
  ])("GIVEN %s THEN it is %s to download", (_name, raw, allowed) => {
    expect(attachmentUrl(raw, HOSTS) !== undefined).toBe(allowed);
  });
});
