import type { CoreConfig } from "../config/index.js";
import type { Embedder } from "./embeddings/index.js";
import { capPerGroup, fuseRankings, type Ranking } from "./fusion.js";
import type { IndexSnapshot } from "./store/snapshot.js";
import type { SearchHit, SearchOptions } from "./types.js";
import { ageInDays, dayOf, recencyFactor, toDate, type RecencyPrior } from "./recency.js";

export type SearchSettings = CoreConfig["search"];

/** How deep each retriever looks before fusion and the per-article cap cut the list down. */
const depthFor = (k: number) => Math.max(100, k * 10);

/** A passage filter for the scoping options, or undefined when the search is not scoped. */
function scopeFilter(snapshot: IndexSnapshot, options: SearchOptions): ((id: string) => boolean) | undefined {
  const { articleId, dateFrom, dateTo } = options;
  const asOf = toDate(options.asOf);
  if (!articleId && !dateFrom && !dateTo && !asOf) return undefined;
  const latest = asOf && dayOf(asOf);
  return (id) => {
    const passage = snapshot.byId.get(id);
    if (!passage) return false;
    if (articleId && passage.articleId !== articleId) return false;
    const date = snapshot.manifest.articles.get(passage.articleId)?.meta.date?.slice(0, 10);
    // An article published after the question's time cannot be what it asks about.
    if (latest && date && date > latest) return false;
    if (dateFrom || dateTo) {
      if (!date) return false;
      if (dateFrom && date < dateFrom.slice(0, 10)) return false;
      if (dateTo && date > dateTo.slice(0, 10)) return false;
    }
    return true;
  };
}

/** Scores multiplied by the recency prior and ranked again (a soft preference, never a cut). */
function preferRecent(ranking: Ranking, snapshot: IndexSnapshot, asOf: Date, prior: RecencyPrior): Ranking {
  return ranking
    .map(({ id, score }) => {
      const articleId = snapshot.byId.get(id)?.articleId;
      const date = articleId === undefined ? undefined : snapshot.manifest.articles.get(articleId)?.meta.date;
      return { id, score: score * recencyFactor(ageInDays(date, asOf), prior) };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** Hybrid (or dense-only, or BM25-only) retrieval over one index snapshot. */
export async function searchSnapshot(
  snapshot: IndexSnapshot,
  embedder: Embedder,
  query: string,
  options: SearchOptions,
  settings: SearchSettings,
): Promise<SearchHit[]> {
  const k = options.k ?? settings.topK;
  const mode = options.mode ?? settings.mode;
  const cap = options.maxPerArticle ?? settings.maxPerArticle;
  const depth = depthFor(k);
  const filter = scopeFilter(snapshot, options);

  const lexical = (): Ranking => snapshot.lexical.query(query, depth, { ...settings.bm25 }, filter);
  const dense = async (): Promise<Ranking> =>
    snapshot.vectorIndex.query(await embedder.embeddings.embedQuery(query), depth, settings.efSearch, filter);

  let ranking: Ranking;
  if (mode === "bm25") ranking = lexical();
  else if (mode === "dense") ranking = await dense();
  else {
    const [l, d] = [lexical(), await dense()];
    ranking = fuseRankings(
      [
        { ranking: l, weight: settings.lexicalWeight },
        { ranking: d, weight: settings.denseWeight },
      ],
      settings.fusion,
    );
  }

  const asOf = toDate(options.asOf);
  if (asOf && options.recency && options.recency.weight > 0) ranking = preferRecent(ranking, snapshot, asOf, options.recency);

  const articleOf = (id: string) => snapshot.byId.get(id)?.articleId ?? id;
  return capPerGroup(ranking, articleOf, cap, k).flatMap(({ id, score }, i) => {
    const stored = snapshot.byId.get(id);
    const meta = stored && snapshot.manifest.articles.get(stored.articleId)?.meta;
    if (!stored || !meta) return [];
    const { hash: _hash, ...passage } = stored;
    return [{ rank: i + 1, score, passage, article: meta }];
  });
}
