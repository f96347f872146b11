import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The files whose marked regions compute the answerer's features, in a fixed order. */
const FEATURE_FILES = [
  "src/rag/answer/candidates.ts",
  "src/rag/answer/short-answer.ts",
  "src/rag/answer/support.ts",
  "src/rag/answer/confidence.ts",
];

/**
 * A hash of the code that computes the answerer's features: the regions between
 * `// features:begin` and `// features:end`, comments and whitespace left out (formatting and
 * wording do not change a feature). weights.json records it when the weights are fitted; a test
 * compares, so features changed without a refit fail the suite.
 */
export function featuresHash(root: string): string {
  const hash = createHash("sha256");
  for (const file of FEATURE_FILES) {
    const text = readFileSync(join(root, file), "utf8");
    const regions = [...text.matchAll(/\/\/ features:begin[^\n]*\n([\s\S]*?)\/\/ features:end/g)].map((m) => m[1]!);
    if (!regions.length) throw new Error(`${file} has no features:begin … features:end region`);
    for (const region of regions) {
      const code = region
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "")
        .replace(/\s+/g, "");
      hash.update(`${file}\n${code}\n`);
    }
  }
  return hash.digest("hex").slice(0, 16);
}
