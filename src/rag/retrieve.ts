import type { CoreConfig } from "../config/index.js";
import type { Embedder } from "./embeddings/index.js";
import { RagError } from "./errors.js";
import { capPerGroup, fuseRankings, type Ranking } from "./fusion.js";
import { ageInDays, recencyFactor, toDate, type RecencyPrior } from "./recency.js";
import type { IndexView, RankedPassage, SearchScope } from "./store/store.js";
import type { ArticleMeta, SearchHit, SearchOptions } from "./types.js";
import { type CopyGroups, findCopies, findCopiesInSlices } from "./copies.js";
import type { Pause } from "./pace.js";
import { isSharedId, partsOf, SHARED_PREFIX } from "./libraries/union-view.js";
import { perView } from "./store/per-view.js";

export type SearchSettings = CoreConfig["search"];

/** How deep each retriever looks before fusion and the per-article cap cut the list down. */
const depthFor = (k: number) => Math.max(100, k * 10);

/** Scores multiplied by the recency prior and ranked again (a soft preference, never a cut). */
function preferRecent(ranking: Ranking, found: Map<string, RankedPassage>, asOf: Date, prior: RecencyPrior): Ranking {
  return ranking
    .map(({ id, score }) => ({ id, score: score * recencyFactor(ageInDays(found.get(id)?.date, asOf), prior) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/**
 * Each generation's groups of copies, found when it is first searched. A server library's are its
 * own articles' and the shared corpus's (found once for every library); a copy across the two is
 * not grouped.
 */
const copiesOf = perView((view): CopyGroups => {
  const parts = partsOf(view);
  if (!parts) return findCopies(view.articles());
  const own = copiesOf(parts.own);
  const shared = copiesOf(parts.shared);
  return {
    size: own.size + shared.size,
    get(id) {
      if (!isSharedId(id)) return own.get(id);
      return shared.get(id.slice(SHARED_PREFIX.length))?.map((member) => SHARED_PREFIX + member);
    },
  };
});

/** Finds a generation's copies in slices, before its first search needs them (a build being swapped in). */
export async function prepareCopies(view: IndexView, pause: Pause): Promise<void> {
  const parts = partsOf(view);
  for (const leaf of parts ? [parts.own, parts.shared] : [view]) {
    if (!copiesOf.has(leaf)) copiesOf.prime(leaf, await findCopiesInSlices(leaf.articles(), pause));
  }
}

/** One article of each story: a passage whose article is a copy of a better-ranked one's is dropped. */
function oneCopyEach(ranking: Ranking, articleOf: (id: string) => string | undefined, copies: CopyGroups): Ranking {
  const chosen = new Map<string, string>();
  return ranking.filter(({ id }) => {
    const article = articleOf(id);
    const group = article && copies.get(article);
    if (!group) return true;
    const kept = chosen.get(group[0]!);
    if (kept === undefined) chosen.set(group[0]!, article);
    return kept === undefined || kept === article;
  });
}

/** The article with the other copies of its story that the search's dates allow (the same story elsewhere, said in its citation). */
function withCopies(article: ArticleMeta, view: IndexView, copies: CopyGroups, scope: SearchScope): ArticleMeta {
  const group = copies.get(article.id);
  if (!group) return article;
  const inScope = (date: string | undefined) =>
    (!scope.asOf || !date || toDate(date)! <= scope.asOf) &&
    (!scope.dateFrom || (!!date && date.slice(0, 10) >= scope.dateFrom.slice(0, 10))) &&
    (!scope.dateTo || (!!date && date.slice(0, 10) <= scope.dateTo.slice(0, 10)));
  const others = group.flatMap((id) => {
    const copy = id === article.id ? undefined : view.article(id);
    return copy && inScope(copy.date) ? [{ id, title: copy.title, source: copy.source, date: copy.date, url: copy.url }] : [];
  });
  return others.length ? { ...article, copies: others } : article;
}

/** Hybrid (or dense-only, or BM25-only) retrieval over one generation of the index. */
export async function searchView(
  view: IndexView,
  embedder: Embedder,
  query: string,
  options: SearchOptions,
  settings: SearchSettings,
): Promise<SearchHit[]> {
  const k = options.k ?? settings.topK;
  const mode = options.mode ?? settings.mode;
  const cap = options.maxPerArticle ?? settings.maxPerArticle;
  const depth = depthFor(k);
  const asOf = toDate(options.asOf);
  const scope: SearchScope = { articleId: options.articleId, dateFrom: options.dateFrom, dateTo: options.dateTo, asOf };

  const lexical = () => view.lexical(query, depth, scope, { ...settings.bm25 });
  const queryVector = async () => {
    const vector = await embedder.embeddings.embedQuery(query);
    // A server that changed model (or a misconfigured one) must be named, not fail deep in the index.
    if (vector.length !== view.info.embedder.dimension) {
      throw new RagError(
        "EMBEDDINGS_UNAVAILABLE",
        `Embedder ${embedder.id} returned a vector of the wrong size (${vector.length}; the index has ${view.info.embedder.dimension})`,
      );
    }
    return vector;
  };
  const dense = async () => view.dense(await queryVector(), depth, scope, settings.efSearch);

  // Each passage found, with its article and date, for ranking after fusion.
  const found = new Map<string, RankedPassage>();
  const remember = (list: RankedPassage[]) => {
    for (const p of list) found.set(p.id, p);
    return list;
  };
  let ranking: Ranking;
  if (mode === "bm25") ranking = remember(await lexical());
  else if (mode === "dense") ranking = remember(await dense());
  else {
    const both = view.hybrid
      ? await view.hybrid(await queryVector(), query, depth, scope, settings.efSearch, { ...settings.bm25 })
      : undefined;
    const [l, d] = both
      ? [remember(both.lexical), remember(both.dense)]
      : await Promise.all([lexical().then(remember), dense().then(remember)]);
    ranking = fuseRankings(
      [
        { ranking: l, weight: settings.lexicalWeight },
        { ranking: d, weight: settings.denseWeight },
      ],
      settings.fusion,
    );
  }

  if (asOf && options.recency && options.recency.weight > 0) ranking = preferRecent(ranking, found, asOf, options.recency);
  // Copies of one story (syndicated, wired) would fill the results with the same passages.
  const copies = copiesOf(view);
  if (copies.size) ranking = oneCopyEach(ranking, (id) => found.get(id)?.articleId, copies);

  const top = capPerGroup(ranking, (id) => found.get(id)?.articleId ?? id, cap, k);
  const passages = new Map((await view.passages(top.map((r) => r.id))).map((p) => [p.id, p]));
  let rank = 0;
  return top.flatMap(({ id, score }) => {
    const passage = passages.get(id);
    const article = passage && view.article(passage.articleId);
    if (!passage || !article) return [];
    return [{ rank: ++rank, score, passage, article: withCopies(article, view, copies, scope) }];
  });
}
