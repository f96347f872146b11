import type { ArticleMeta } from "./types.js";

/** Newest first; undated ones last; ties by title. */
const newestFirst = (a: ArticleMeta, b: ArticleMeta) => (b.date ?? "").localeCompare(a.date ?? "") || a.title.localeCompare(b.title);

export interface ArticleFinder {
  /** Every article, newest first: sorted once, when the generation loads. */
  readonly sorted: readonly ArticleMeta[];
  /** Up to `limit` articles whose title or id contains `typed` (any case), newest first. */
  find(typed: string, limit: number): ArticleMeta[];
}

/**
 * The article list and its lookup for one generation of the index, made once when it loads:
 * autocomplete asks on every keystroke, and sorting or lower-casing 100k titles each time made
 * other users' answers wait.
 */
export function createArticleFinder(articles: readonly ArticleMeta[]): ArticleFinder {
  const sorted = [...articles].sort(newestFirst);
  const haystack = sorted.map((a) => `${a.title}\u0000${a.id}`.toLowerCase());
  return {
    sorted,
    find(typed, limit) {
      const needle = typed.trim().toLowerCase();
      if (!needle) return sorted.slice(0, limit);
      const out: ArticleMeta[] = [];
      for (let i = 0; i < haystack.length && out.length < limit; i++) if (haystack[i]!.includes(needle)) out.push(sorted[i]!);
      return out;
    },
  };
}
