import type { ArticleMeta, Passage } from "../types.js";
import type { IndexInfo, IndexView, LexicalOptions, RankedPassage, SearchScope } from "../store/store.js";
import type { FrequencySource } from "../store/term-stats.js";
import { perView } from "../store/per-view.js";

/**
 * A server's library as readers see it: its own articles and, when the server reads it, the
 * shared corpus, searched as one index. The shared index is never copied: each server's view
 * asks it directly, so a shared corpus of thousands of articles is held once, whoever reads it.
 *
 * Ids must stay apart (both corpora may hold `notes.md`): the shared articles and passages take
 * the prefix `shared:`. Ids made from file names never hold a colon, so no article of the
 * server's own is mistaken for a shared one.
 */
export const SHARED_PREFIX = "shared:";

export const isSharedId = (id: string) => id.startsWith(SHARED_PREFIX);

/** An index with nothing in it: a server library before its first article. */
export function emptyView(embedder: { id: string; dimension: number }): IndexView {
  const info: IndexInfo = {
    generation: "empty",
    articles: 0,
    passages: 0,
    embedded: 0,
    embedder: { id: embedder.id, dimension: embedder.dimension },
    builtAt: new Date(0).toISOString(),
    splitter: { passageTokens: 0, overlapTokens: 0 },
  };
  return {
    info,
    articles: () => [],
    article: () => undefined,
    firstPassage: async () => undefined,
    passages: async () => [],
    dense: async () => [],
    lexical: async () => [],
    frequencies: { size: 0, documentFrequency: () => 0, vocabulary: () => [] },
    // An empty library is never out of date on its own account: the engine checks the corpus itself.
    isStale: () => false,
  };
}

const sharedArticle = (a: ArticleMeta): ArticleMeta => ({ ...a, id: SHARED_PREFIX + a.id });

/** The two generations a union joins: what is derived from each (article lists, metadata terms) is made once per generation, and joined. */
export interface UnionParts {
  own: IndexView;
  shared: IndexView;
}
const partsByView = new WeakMap<IndexView, UnionParts>();
export const partsOf = (view: IndexView): UnionParts | undefined => partsByView.get(view);

/** The shared generation's articles with their ids prefixed, made once however many libraries read it. */
const sharedArticles = perView((shared) => shared.articles().map(sharedArticle));
/** An article of the shared corpus as a union names it. */
export const asShared = sharedArticle;
const sharedPassage = (p: Passage): Passage => ({ ...p, id: SHARED_PREFIX + p.id, articleId: SHARED_PREFIX + p.articleId });
const sharedRanked = (r: RankedPassage): RankedPassage => ({ ...r, id: SHARED_PREFIX + r.id, articleId: SHARED_PREFIX + r.articleId });

/**
 * Merges two rankings by score. Both are cosine similarities from one embedder (dense), or BM25
 * with the same parameters (lexical): comparable, though a small library's idf runs lower than a
 * large corpus's, so a shared passage wins a near tie.
 */
function merge(a: RankedPassage[], b: RankedPassage[], limit: number): RankedPassage[] {
  return [...a, ...b].sort((x, y) => y.score - x.score).slice(0, limit);
}

/** Two sorted lists as one, without repeats (linear; the shared one is returned as is when the other is empty). */
function mergeSorted(a: string[], b: string[]): string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const next = y === undefined || (x !== undefined && x <= y) ? x! : y;
    if (x === next) i++;
    if (y === next) j++;
    out.push(next);
  }
  return out;
}

function unionFrequencies(own: FrequencySource, shared: FrequencySource): FrequencySource {
  let vocabulary: string[] | undefined;
  return {
    size: own.size + shared.size,
    documentFrequency: (term) => own.documentFrequency(term) + shared.documentFrequency(term),
    vocabulary() {
      vocabulary ??= mergeSorted(own.vocabulary(), shared.vocabulary());
      return vocabulary;
    },
  };
}

/** `own` and `shared` as one index (see above). Make one per pair of generations: it caches. */
export function unionView(own: IndexView, shared: IndexView): IndexView {
  const info: IndexInfo = {
    generation: `${own.info.generation}+${shared.info.generation}`,
    articles: own.info.articles + shared.info.articles,
    passages: own.info.passages + shared.info.passages,
    embedded: own.info.embedded + shared.info.embedded,
    embedder: shared.info.embedder,
    // ISO times: the later one sorts last.
    builtAt: [own.info.builtAt, shared.info.builtAt].sort()[1]!,
    splitter: shared.info.splitter,
  };
  let articles: ArticleMeta[] | undefined;
  const sharedIdOf = (id: string) => (isSharedId(id) ? id.slice(SHARED_PREFIX.length) : undefined);
  const sharedScope = (scope: SearchScope): SearchScope | undefined => {
    if (!scope.articleId) return scope;
    const id = sharedIdOf(scope.articleId);
    return id === undefined ? undefined : { ...scope, articleId: id };
  };
  const ownScope = (scope: SearchScope): SearchScope | undefined => (scope.articleId && isSharedId(scope.articleId) ? undefined : scope);
  const view: IndexView = {
    info,
    articles() {
      articles ??= [...own.articles(), ...sharedArticles(shared)];
      return articles;
    },
    article(id) {
      const sharedId = sharedIdOf(id);
      if (sharedId === undefined) return own.article(id);
      const article = shared.article(sharedId);
      return article && sharedArticle(article);
    },
    async firstPassage(articleId) {
      const sharedId = sharedIdOf(articleId);
      if (sharedId === undefined) return own.firstPassage(articleId);
      const passage = await shared.firstPassage(sharedId);
      return passage && sharedPassage(passage);
    },
    async passages(ids) {
      const ownIds = ids.filter((id) => !isSharedId(id));
      const sharedIds = ids.filter(isSharedId).map((id) => id.slice(SHARED_PREFIX.length));
      const [mine, theirs] = await Promise.all([own.passages(ownIds), shared.passages(sharedIds)]);
      const byId = new Map([...mine, ...theirs.map(sharedPassage)].map((p) => [p.id, p]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async dense(vector, limit, scope, efSearch) {
      const [o, s] = [ownScope(scope), sharedScope(scope)];
      const [mine, theirs] = await Promise.all([
        o ? own.dense(vector, limit, o, efSearch) : [],
        s ? shared.dense(vector, limit, s, efSearch) : [],
      ]);
      return merge(mine, theirs.map(sharedRanked), limit);
    },
    async lexical(query, limit, scope, options: LexicalOptions) {
      const [o, s] = [ownScope(scope), sharedScope(scope)];
      const [mine, theirs] = await Promise.all([
        o ? own.lexical(query, limit, o, options) : [],
        s ? shared.lexical(query, limit, s, options) : [],
      ]);
      return merge(mine, theirs.map(sharedRanked), limit);
    },
    frequencies: unionFrequencies(own.frequencies, shared.frequencies),
    isStale: (current) => own.isStale(current),
  };
  partsByView.set(view, { own, shared });
  return view;
}
