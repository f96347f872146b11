import { asShared, partsOf } from "./libraries/union-view.js";
import { perView } from "./store/per-view.js";
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

/**
 * Each generation's finder, made when first asked for, for every core in the process. A server
 * library's joins its own articles' finder with the shared corpus's (made once, however many
 * libraries read it): lookups ask both and merge, newest first.
 */
export const finderFor = perView((view): ArticleFinder => {
  const parts = partsOf(view);
  if (!parts) return createArticleFinder(view.articles());
  const own = finderFor(parts.own);
  const shared = finderFor(parts.shared);
  let sorted: ArticleMeta[] | undefined;
  return {
    get sorted() {
      sorted ??= [...own.sorted, ...sharedSorted(parts.shared)].sort(newestFirst);
      return sorted;
    },
    find(typed, limit) {
      return [...own.find(typed, limit), ...shared.find(typed, limit).map(asShared)].sort(newestFirst).slice(0, limit);
    },
  };
});

/** The shared generation's sorted articles with the ids a library shows them by, made once. */
const sharedSorted = perView((view) => finderFor(view).sorted.map(asShared));
