import type { ArticleMeta } from "../types.js";
import { citationOf } from "./citations.js";
import type { MetadataField } from "./question.js";
import type { Citation, RelatedArticle } from "./types.js";

/** An article and its opening sentence, which metadata citations quote. */
export interface ArticleWithLead {
  meta: ArticleMeta;
  lead: string;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** 2023-07-30 → "30 July 2023": unambiguous in every locale. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

const SAY: Record<MetadataField, { has: (a: ArticleMeta) => string | undefined; missing: string }> = {
  author: { has: (a) => a.author && `was written by ${a.author}`, missing: "does not name its author" },
  date: { has: (a) => a.date && `was published on ${formatDate(a.date)}`, missing: "does not give its publication date" },
  source: { has: (a) => a.source && `was published by ${a.source}`, missing: "does not name its publisher" },
  url: { has: (a) => a.url && `is at <${a.url}>`, missing: "has no link on record" },
};

/**
 * Answers who wrote an article, when, where it appeared or where it is, from the article's own
 * metadata, citing the article. When none of the articles records the field, it says so.
 */
export function answerMetadata(
  field: MetadataField,
  articles: ArticleWithLead[],
): { refused: boolean; answer: string; citations: Citation[]; related: RelatedArticle[] } {
  const say = SAY[field];
  const known = articles.filter((a) => say.has(a.meta));
  const citations = known.map((a, i) => citationOf(i + 1, a.meta, a.lead));
  const sentences = articles.map((a) => {
    const fact = say.has(a.meta);
    const n = known.indexOf(a);
    return fact ? `“${a.meta.title}” ${fact}. [${n + 1}]` : `“${a.meta.title}” ${say.missing}.`;
  });
  const related = known.length ? [] : articles.map((a) => ({ articleId: a.meta.id, title: a.meta.title, url: a.meta.url }));
  return { refused: known.length === 0, answer: sentences.join(" "), citations, related };
}
