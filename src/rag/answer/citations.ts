import type { ArticleMeta } from "../types.js";
import type { Citation } from "./types.js";

/** A sentence of an answer and the article words behind it. */
export interface CitedSentence {
  article: ArticleMeta;
  /** As shown in the answer (asides that do not bear on the question may be trimmed). */
  text: string;
  /** Verbatim from the article: what the citation quotes. */
  quote: string;
  start: number;
  end: number;
}

/**
 * Article text's own footnote marks ("[2]", "[3, 4]"): in an answer they would read as citations
 * of other sources. Answers and prompts leave them out; quotes keep the article's words as they are.
 */
const ARTICLE_MARKERS = /\s*\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]/g;

/** `text` without ARTICLE_MARKERS. */
export const withoutMarkers = (text: string) => text.replace(ARTICLE_MARKERS, "");

/** A citation of an article, numbered, quoting `quote`. */
export function citationOf(n: number, article: ArticleMeta, quote: string): Citation {
  const { id, title, author, source, date, url, copies } = article;
  return { n, articleId: id, title, author, source, date, url, quote, ...(copies?.length ? { alsoIn: copies } : {}) };
}

/**
 * Numbers the cited articles in order of first use (each article once) and appends each
 * sentence's marker. An article's citation quotes the first sentence it supports.
 */
export function buildCitations(sentences: CitedSentence[], lead?: string): { answer: string; citations: Citation[] } {
  const citations: Citation[] = [];
  const parts = lead ? [lead] : [];
  for (const s of sentences) {
    let citation = citations.find((c) => c.articleId === s.article.id);
    if (!citation) {
      citation = citationOf(citations.length + 1, s.article, s.quote);
      citations.push(citation);
    }
    parts.push(`${withoutMarkers(s.text)} [${citation.n}]`);
  }
  return { answer: parts.join(" "), citations };
}
