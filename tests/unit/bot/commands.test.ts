import { describe, expect, it } from "vitest";
import { addArticle } from "../../../src/bot/commands/add-article.js";
import { ARTICLE_FORMATS, FORMAT_NAMES } from "../../../src/rag/index.js";

describe("command definitions", () => {
  it("GIVEN /add-article THEN its description names each format from the registry, within Discord's limit", () => {
    const { description } = addArticle.data as { description: string };
    expect(description).toContain(FORMAT_NAMES);
    for (const format of ARTICLE_FORMATS) expect(description).toContain(format.extensions[0]);
    expect(description.length).toBeLessThanOrEqual(100);
  });
});
