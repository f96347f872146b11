import type { CoreConfig } from "../config/index.js";
import type { Embedder } from "./embeddings/index.js";
import { capPerGroup, fuseRankings, type Ranking } from "./fusion.js";
import type { IndexSnapshot } from "./store/snapshot.js";
import type { SearchHit, SearchOptions } from "./types.js";

export type SearchSettings = CoreConfig["search"];

/** How deep each retriever looks before fusion and the per-article cap cut the list down. */
const depthFor = (k: number) => Math.max(100, k * 10);

/** A passage filter for the scoping options, or undefined when the search is not scoped. */
function scopeFilter(snapshot: IndexSnapshot, options: SearchOptions): ((id: string) => boolean) | undefined {
  const { articleId, dateFrom, dateTo } = options;
  if (!articleId && !dateFrom && !dateTo) return undefined;
  return (id) => {
    const passage = snapshot.byId.get(id);
    if (!passage) return false;
    if (articleId && passage.articleId !== articleId) return false;
    if (dateFrom || dateTo) {
      const date = snapshot.manifest.articles.get(passage.articleId)?.meta.date?.slice(0, 10);
      if (!date) return false;
      if (dateFrom && date < dateFrom.slice(0, 10)) return false;
      if (dateTo && date > dateTo.slice(0, 10)) return false;
    }
    return true;
  };
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
    ranking = fuseRankings([
      { ranking: l, weight: settings.lexicalWeight },
      { ranking: d, weight: settings.denseWeight },
    ], settings.fusion);
  }

  const articleOf = (id: string) => snapshot.byId.get(id)?.articleId ?? id;
  return capPerGroup(ranking, articleOf, cap, k).flatMap(({ id, score }, i) => {
    const stored = snapshot.byId.get(id);
    const meta = stored && snapshot.manifest.articles.get(stored.articleId)?.meta;
    if (!stored || !meta) return [];
    const { hash: _hash, ...passage } = stored;
    return [{ rank: i + 1, score, passage, article: meta }];
  });
}
