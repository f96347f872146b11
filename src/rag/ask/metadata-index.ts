import type { ArticleWithLead } from "../answer/metadata.js";
import { splitSentences } from "../sentences.js";
import type { IndexView } from "../store/store.js";
import { termsOf } from "../store/term-stats.js";
import type { ArticleMeta, SearchHit } from "../types.js";
import type { Pause } from "../pace.js";

/**
 * Which articles a metadata question ("who wrote the article about…", "which outlets…") is about,
 * with each article's record and first sentence. Each title, author and outlet term maps to the
 * articles that have it, in manifest order: built once per loaded build.
 */
export class MetadataIndex {
  private readonly ids: string[];
  private readonly byTerm: Map<string, string[]>;

  constructor(
    private readonly view: IndexView,
    byTerm?: Map<string, string[]>,
  ) {
    this.ids = view.articles().map((a) => a.id);
    if (byTerm) this.byTerm = byTerm;
    else {
      this.byTerm = new Map();
      for (const m of view.articles()) addTerms(this.byTerm, m);
    }
  }

  /** The same index, made in slices with other work between them (a build swapped in while others ask). */
  static async build(view: IndexView, pause: Pause): Promise<MetadataIndex> {
    const byTerm = new Map<string, string[]>();
    for (const m of view.articles()) {
      addTerms(byTerm, m);
      await pause();
    }
    return new MetadataIndex(view, byTerm);
  }

  /** How many of `terms` each article's title, author and outlet hold (articles with none are absent). */
  scores(terms: string[]): Map<string, number> {
    const score = new Map<string, number>();
    for (const term of terms) for (const id of this.byTerm.get(term) ?? []) score.set(id, (score.get(id) ?? 0) + 1);
    return score;
  }

  /** Every article, in manifest order. */
  get articleIds(): readonly string[] {
    return this.ids;
  }

  /**
   * The articles a question's terms name by title, author or outlet ("the article by Belal Awad"),
   * then the retrieved ones, then the rest. Only articles that share a term are scored, so a
   * 100k-article archive costs what a small one does.
   */
  rank(terms: string[], hits: SearchHit[], limit: number): string[] {
    return rankArticles(this.ids, this.scores(terms), hits, limit);
  }

  /** An article's metadata and its first sentence (what a metadata citation quotes). */
  withLead(articleId: string): Promise<ArticleWithLead | undefined> {
    return leadOf(this.view, articleId);
  }
}

/** Files an article under each term of its title, author and outlet. */
function addTerms(byTerm: Map<string, string[]>, m: ArticleMeta): void {
  for (const term of new Set(termsOf([m.title, m.author, m.source].filter(Boolean).join(" ")))) {
    const list = byTerm.get(term);
    if (list) list.push(m.id);
    else byTerm.set(term, [m.id]);
  }
}

async function leadOf(view: IndexView, articleId: string): Promise<ArticleWithLead | undefined> {
  const meta = view.article(articleId);
  const first = meta && (await view.firstPassage(articleId));
  if (!meta || !first) return undefined;
  const span = splitSentences(first.text)[0];
  return { meta, lead: span ? first.text.slice(span.start, span.end) : first.text };
}

/** What answers ask of a metadata index, whether one generation's or a library's two joined. */
export type MetadataLookup = Pick<MetadataIndex, "rank" | "withLead">;

/** The ranking behind `rank`, over any order of ids. */
function rankArticles(ids: Iterable<string>, score: Map<string, number>, hits: SearchHit[], limit: number): string[] {
  const retrieved = new Set(hits.map((h) => h.article.id));
  const named: string[] = [];
  const fill: string[] = [];
  for (const id of ids) {
    if (retrieved.has(id)) continue;
    if (score.has(id)) named.push(id);
    else if (fill.length < limit) fill.push(id);
  }
  // Array sort is stable: ties keep the retrieved-first, then manifest, order.
  const order = [...retrieved, ...named, ...fill].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0));
  return order.slice(0, limit);
}

/**
 * A server library's metadata index: its own articles' and the shared corpus's, each built once
 * (the shared one for every library that reads it), joined at question time.
 */
export function joinedMetadataIndex(view: IndexView, own: MetadataIndex, shared: MetadataIndex, prefix: string): MetadataLookup {
  return {
    rank(terms, hits, limit) {
      const score = own.scores(terms);
      for (const [id, n] of shared.scores(terms)) score.set(prefix + id, n);
      function* ids() {
        yield* own.articleIds;
        for (const id of shared.articleIds) yield prefix + id;
      }
      return rankArticles(ids(), score, hits, limit);
    },
    withLead: (articleId) => leadOf(view, articleId),
  };
}
