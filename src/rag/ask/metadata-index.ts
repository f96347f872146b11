import type { ArticleWithLead } from "../answer/metadata.js";
import { splitSentences } from "../sentences.js";
import type { IndexView } from "../store/store.js";
import { termsOf } from "../store/term-stats.js";
import type { SearchHit } from "../types.js";

/**
 * Which articles a metadata question ("who wrote the article about…", "which outlets…") is about,
 * with each article's record and first sentence. Each title, author and outlet term maps to the
 * articles that have it, in manifest order: built once per loaded build.
 */
export class MetadataIndex {
  private readonly ids: string[];
  private readonly byTerm = new Map<string, string[]>();

  constructor(private readonly view: IndexView) {
    const articles = view.articles();
    this.ids = articles.map((a) => a.id);
    for (const m of articles) {
      const id = m.id;
      for (const term of new Set(termsOf([m.title, m.author, m.source].filter(Boolean).join(" ")))) {
        const list = this.byTerm.get(term);
        if (list) list.push(id);
        else this.byTerm.set(term, [id]);
      }
    }
  }

  /**
   * The articles a question's terms name by title, author or outlet ("the article by Belal Awad"),
   * then the retrieved ones, then the rest. Only articles that share a term are scored, so a
   * 100k-article archive costs what a small one does.
   */
  rank(terms: string[], hits: SearchHit[], limit: number): string[] {
    const score = new Map<string, number>();
    for (const term of terms) for (const id of this.byTerm.get(term) ?? []) score.set(id, (score.get(id) ?? 0) + 1);
    const retrieved = new Set(hits.map((h) => h.article.id));
    const named = this.ids.filter((id) => score.has(id) && !retrieved.has(id));
    const fill: string[] = [];
    for (let i = 0; i < this.ids.length && fill.length < limit; i++) {
      const id = this.ids[i]!;
      if (!score.has(id) && !retrieved.has(id)) fill.push(id);
    }
    // Array sort is stable: ties keep the retrieved-first, then manifest, order.
    const order = [...retrieved, ...named, ...fill].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0));
    return order.slice(0, limit);
  }

  /** An article's metadata and its first sentence (what a metadata citation quotes). */
  async withLead(articleId: string): Promise<ArticleWithLead | undefined> {
    const meta = this.view.article(articleId);
    const first = meta && (await this.view.firstPassage(articleId));
    if (!meta || !first) return undefined;
    const span = splitSentences(first.text)[0];
    return { meta, lead: span ? first.text.slice(span.start, span.end) : first.text };
  }
}
