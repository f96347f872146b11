import type { ArticleMeta, Passage } from "../../types.js";
import { dayOf } from "../../recency.js";
import { isFingerprintStale, type CorpusFingerprint } from "../fingerprint.js";
import type { StoredPassage } from "./manifest.js";
import type { IndexSnapshot } from "./snapshot.js";
import type { IndexInfo, IndexView, LexicalOptions, RankedPassage, SearchScope } from "../store.js";

const withoutHash = ({ hash: _hash, ...passage }: StoredPassage): Passage => passage;

/** A loaded build of the local store (files on disk, held in memory) as readers see it. */
export class LocalIndexView implements IndexView {
  readonly info: IndexInfo;
  private articleList?: ArticleMeta[];

  constructor(readonly snapshot: IndexSnapshot) {
    const m = snapshot.manifest;
    this.info = {
      generation: snapshot.name,
      articles: m.counts.articles,
      passages: m.counts.passages,
      // What the graph actually holds, not what the manifest says it should.
      embedded: snapshot.dense.size,
      embedder: m.embedder,
      builtAt: m.builtAt,
      splitter: { passageTokens: m.splitter.passageTokens, overlapTokens: m.splitter.overlapTokens },
    };
  }

  get frequencies() {
    return this.snapshot.lexical;
  }

  articles(): ArticleMeta[] {
    this.articleList ??= [...this.snapshot.manifest.articles.values()].map((a) => a.meta);
    return this.articleList;
  }

  article(id: string): ArticleMeta | undefined {
    return this.snapshot.manifest.articles.get(id)?.meta;
  }

  async firstPassage(articleId: string): Promise<Passage | undefined> {
    const first = this.snapshot.manifest.articles.get(articleId)?.passageIds[0];
    const stored = first === undefined ? undefined : this.snapshot.byId.get(first);
    return stored && withoutHash(stored);
  }

  async passages(ids: string[]): Promise<Passage[]> {
    return ids.flatMap((id) => {
      const stored = this.snapshot.byId.get(id);
      return stored ? [withoutHash(stored)] : [];
    });
  }

  async dense(vector: number[], limit: number, scope: SearchScope, efSearch: number): Promise<RankedPassage[]> {
    return this.ranked(await this.snapshot.dense.query(vector, limit, efSearch, this.filterFor(scope)));
  }

  async lexical(query: string, limit: number, scope: SearchScope, options: LexicalOptions): Promise<RankedPassage[]> {
    return this.ranked(this.snapshot.lexical.query(query, limit, options, this.filterFor(scope)));
  }

  isStale(current: CorpusFingerprint): boolean {
    return isFingerprintStale(this.snapshot.manifest.files, current);
  }

  private dateOf(articleId: string): string | undefined {
    return this.snapshot.manifest.articles.get(articleId)?.meta.date;
  }

  private ranked(ranking: { id: string; score: number }[]): RankedPassage[] {
    return ranking.flatMap(({ id, score }) => {
      const articleId = this.snapshot.byId.get(id)?.articleId;
      return articleId === undefined ? [] : [{ id, score, articleId, date: this.dateOf(articleId) }];
    });
  }

  /** A passage filter for the scope, or undefined when the search is not scoped. */
  private filterFor(scope: SearchScope): ((id: string) => boolean) | undefined {
    const { articleId, dateFrom, dateTo, asOf } = scope;
    if (!articleId && !dateFrom && !dateTo && !asOf) return undefined;
    const latest = asOf && dayOf(asOf);
    return (id) => {
      const passage = this.snapshot.byId.get(id);
      if (!passage) return false;
      if (articleId && passage.articleId !== articleId) return false;
      const date = this.dateOf(passage.articleId)?.slice(0, 10);
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
}
