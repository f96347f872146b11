import { createArticleFinder } from "../../rag/article-finder.js";
import type { ArticleMeta } from "../../rag/index.js";
import { markdownTable } from "../markdown.js";
import { quantile } from "./latency.js";

const WORDS = ["harbour", "council", "ferry", "budget", "election", "bridge", "storm", "league", "coach", "mayor", "lab", "vaccine"];

/** `count` articles with titles of news words, dated over five years. */
function syntheticArticles(count: number): ArticleMeta[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `news/article-${i}`,
    file: `news/article-${i}.md`,
    title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} report number ${i}`,
    date: new Date(Date.UTC(2021, 0, 1) + (i % 1826) * 86_400_000).toISOString().slice(0, 10),
  }));
}

/** What autocomplete did before: sort every article, then filter, on every keystroke. */
function sortAndFilterEachTime(articles: ArticleMeta[], typed: string): ArticleMeta[] {
  const needle = typed.trim().toLowerCase();
  return [...articles]
    .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.title.localeCompare(b.title))
    .filter((a) => !needle || a.title.toLowerCase().includes(needle) || a.id.toLowerCase().includes(needle))
    .slice(0, 25);
}

export interface AutocompleteRow {
  articles: number;
  way: string;
  medianMs: number;
  p95Ms: number;
  buildMs?: number;
}

/** Autocomplete latency at `count` articles: as it was (sort and filter per call) and from the finder built at load. */
export function measureAutocomplete(count = 100_000, calls = 200): AutocompleteRow[] {
  const articles = syntheticArticles(count);
  // Keystrokes as a user types them: prefixes of a word, and a rare word that scans the whole list.
  const typed = Array.from({ length: calls }, (_, i) => {
    const word = i % 10 === 0 ? "zzz-not-there" : WORDS[i % WORDS.length]!;
    return word.slice(0, 1 + (i % word.length));
  });
  const timeEach = (fn: (t: string) => unknown) =>
    typed.map((t) => {
      const start = performance.now();
      fn(t);
      return performance.now() - start;
    });
  const buildStart = performance.now();
  const finder = createArticleFinder(articles);
  const buildMs = performance.now() - buildStart;
  const before = timeEach((t) => sortAndFilterEachTime(articles, t)).slice(0, 50);
  const after = timeEach((t) => finder.find(t, 50));
  return [
    { articles: count, way: "sort and filter on every call (before)", medianMs: quantile(before, 0.5), p95Ms: quantile(before, 0.95) },
    { articles: count, way: "finder built when the index loads", medianMs: quantile(after, 0.5), p95Ms: quantile(after, 0.95), buildMs },
  ];
}

export const formatAutocomplete = (rows: AutocompleteRow[]) => [
  "Autocomplete (article titles), per call:",
  ...markdownTable(
    ["articles", "how", "p50 ms", "p95 ms", "built once, ms"],
    rows.map((r) => [r.articles, r.way, r.medianMs.toFixed(2), r.p95Ms.toFixed(2), r.buildMs?.toFixed(0) ?? ""]),
  ),
];
