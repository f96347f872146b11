/**
 * Abbreviations an article defines ("Environmental Protection Agency (EPA)", "chief financial
 * officer (CFO)"), found when it is parsed and kept with its metadata, so a question that uses
 * the abbreviation finds the spelled-out form and the reverse (src/rag/answer/abbreviations.ts).
 * The long form must spell the abbreviation with its words' initials (small words like "of" and
 * "and" may be skipped), which keeps "(Reuters)" and "(2019)" out.
 */

/** "(EPA)", "(CFOs)": two to ten capitals, digits or "&" in brackets. */
const DEFINED = /\(([A-Z][A-Z0-9&]{1,9})s?\)/g;
/** Words a long form may hold without their initial in the abbreviation. */
const SMALL_WORDS = new Set(["of", "and", "for", "the", "on", "in", "to", "at", "de", "&", "a", "an"]);
/** An article defines this many at most (a glossary page is not a reason to grow every question). */
const MAX_PER_ARTICLE = 30;

/** The shortest run of words ending `before` whose initials spell `abbr`, or undefined. */
function longFormOf(before: string, abbr: string): string | undefined {
  const words = before
    .trim()
    .split(/\s+/)
    .slice(-(abbr.length * 2 + 2));
  const letters = abbr.toLowerCase().replace(/[^a-z0-9]/g, "");
  for (let take = 1; take <= words.length; take++) {
    const run = words.slice(-take);
    // A long form starts with a word whose initial is the abbreviation's first letter.
    const clean = run.map((w) => w.replace(/^[("'“‘]+|[)"'”’,;:]+$/g, ""));
    if (!clean[0] || clean[0][0]?.toLowerCase() !== letters[0] || SMALL_WORDS.has(clean[0].toLowerCase())) continue;
    const initials = clean
      .filter((w) => !SMALL_WORDS.has(w.toLowerCase()))
      // "Anti-Doping" gives A and D.
      .flatMap((w) => w.split("-").filter(Boolean))
      .map((w) => w[0]!.toLowerCase())
      .join("");
    if (initials === letters) return clean.join(" ");
    if (initials.length > letters.length) break;
  }
  return undefined;
}

/** The abbreviations `text` defines, each with its long form as written. */
export function findAbbreviations(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  let count = 0;
  for (const m of text.matchAll(DEFINED)) {
    const abbr = m[1]!;
    if (found[abbr] || /^\d+$/.test(abbr)) continue;
    // The sentence so far: a long form does not cross a full stop.
    const before =
      text
        .slice(Math.max(0, m.index - 200), m.index)
        .split(/[.!?]\s/)
        .at(-1) ?? "";
    const long = longFormOf(before, abbr);
    if (!long) continue;
    found[abbr] = long;
    if (++count >= MAX_PER_ARTICLE) break;
  }
  return found;
}
