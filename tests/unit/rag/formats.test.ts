import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArticleBytes } from "../../../src/rag/corpus/parse.js";
import { ARTICLE_EXTENSIONS, ARTICLE_FORMATS, formatOf } from "../../../src/rag/corpus/formats.js";

const root = join(import.meta.dirname, "../../..");
const bytes = (s: string) => new TextEncoder().encode(s);

describe("the format registry", () => {
  it("GIVEN the README's table of formats THEN it lists exactly the registry's formats and extensions", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("| format | extensions |"));
    const lines = table.split("\n").slice(2);
    const rows = lines.slice(
      0,
      lines.findIndex((line) => !line.startsWith("|")),
    );
    expect(table.length).toBeLessThan(readme.length);
    const listed = rows.map((row) => {
      const [label, extensions] = row
        .split("|")
        .slice(1, 3)
        .map((c) => c.trim());
      return { label, extensions: [...extensions!.matchAll(/`([^`]+)`/g)].map((m) => m[1]) };
    });
    expect(listed).toEqual(ARTICLE_FORMATS.map((f) => ({ label: f.label, extensions: [...f.extensions] })));
  });

  it("GIVEN the core and the bot THEN no file but the registry names an article extension", () => {
    // The command-line tools' evaluation data is JSON Lines too, but no article format: they are left out.
    const literal = new RegExp(`["'\`](${ARTICLE_EXTENSIONS.map((e) => `\\${e}`).join("|")})["'\`]`);
    const files = ["src/rag", "src/bot"]
      .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name)));
    const offenders = files.filter(
      (f) => f !== join("src", "rag", "corpus", "formats.ts") && literal.test(readFileSync(join(root, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ["notes.MD", "Markdown"],
    ["page.htm", "HTML"],
    ["bulk.jsonl", "JSON Lines"],
    ["slides.PDF", "PDF"],
    ["memo.docx", "Word"],
    ["slides.odp", undefined],
    ["no-extension", undefined],
  ])("GIVEN %s THEN it is read as %s", (file, label) => {
    expect(formatOf(file)?.label).toBe(label);
  });
});

describe("parseArticleBytes", () => {
  it.each([
    ["a text file with a NUL byte", new Uint8Array([84, 0, 1]), "x.txt", "file is binary, not text"],
    ["invalid UTF-8", new Uint8Array([0x54, 0x0a, 0xc3, 0x28]), "x.txt", "file is not valid UTF-8 text"],
    ["blank text", bytes("  \n "), "x.md", "file is empty"],
    ["an unknown type", bytes("hello"), "x.odt", expect.stringMatching(/^unsupported file type/)],
  ])("GIVEN %s THEN the file is skipped with its reason", async (_name, content, file, reason) => {
    expect(await parseArticleBytes(content, file)).toEqual({ articles: [], skipped: [{ file, reason }] });
  });

  it("GIVEN text bytes THEN the format's parser reads them decoded", async () => {
    const parsed = await parseArticleBytes(bytes("Café notes\nThe café opened."), "cafe.txt");
    expect(parsed.articles).toEqual([{ id: "cafe", file: "cafe.txt", title: "Café notes", text: "The café opened." }]);
  });
});
