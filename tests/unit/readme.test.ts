import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("the README", () => {
  it("GIVEN package.json's scripts THEN each command a user or developer runs has its row", () => {
    const scripts = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts as Record<string, string>);
    // Internal steps, run by other scripts or by npm itself.
    const internal = new Set(["build", "prepare", "typecheck", "format"]);
    const missing = scripts
      .filter((name) => !internal.has(name))
      .filter((name) => !readme.includes(name === "start" || name === "test" ? `| \`npm ${name}\`` : `| \`npm run ${name}`));
    expect(missing).toEqual([]);
  });

  it("GIVEN its links into docs/ THEN every page they name exists", () => {
    const pages = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]!);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.filter((page) => !existsSync(join(root, page)))).toEqual([]);
  });
});
