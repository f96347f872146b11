import { analyse } from "../analysis.js";
import type { ArticleMeta, SearchHit, SearchOptions } from "../types.js";
import { findGaps } from "./gaps.js";
import type { QuestionLog, WindowTotals } from "./types.js";

/** What moderators see of how the articles served their members over a window of days. */
export interface InsightsReport {
  server?: string;
  days: number;
  from: number;
  to: number;
  totals: Totals;
  /** The same figures for the window before, to compare (the digest shows both). */
  previous: Totals;
  topQuestions: { question: string; count: number }[];
  gaps: {
    size: number;
    examples: string[];
    terms: string[];
    /** The articles closest to the gap's questions, or none: then the gap needs articles about its terms. */
    closest: { id: string; title: string }[];
  }[];
  mostCited: { id: string; title: string; count: number }[];
  neverCited: { count: number; examples: { id: string; title: string }[] };
}

interface Totals extends WindowTotals {
  answered: number;
}

const DAY = 24 * 60 * 60 * 1000;

const withAnswered = (t: WindowTotals): Totals => ({ ...t, answered: t.asked - t.refused });

const normalised = (q: string) =>
  q
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/** Of a gap's key words, the share a passage holds (compared as the index's stems): what makes an article "close" to it. */
function covers(text: string, terms: string[]): number {
  const stems = new Set(analyse(text));
  return terms.length ? terms.filter((t) => analyse(t).some((s) => stems.has(s))).length / terms.length : 0;
}

/**
 * The report for a server (or every server) over the last `days`: totals against the window
 * before, the top questions, coverage gaps (with the articles closest to each, when any is), the
 * articles cited most, and those never cited.
 */
export async function buildInsights(
  log: QuestionLog,
  corpus: {
    articles: readonly ArticleMeta[];
    search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
    embed?: (texts: string[]) => Promise<number[][]>;
  },
  options: { server?: string; days: number; now?: number },
): Promise<InsightsReport> {
  const to = options.now ?? Date.now();
  const from = to - options.days * DAY;
  const window = await log.window({ server: options.server, from, to });
  const now = await log.totals({ server: options.server, from, to });
  const before = await log.totals({ server: options.server, from: from - options.days * DAY, to: from });

  const counts = new Map<string, { question: string; count: number }>();
  for (const q of window.questions) {
    const key = normalised(q.question);
    const seen = counts.get(key);
    if (seen) seen.count++;
    else counts.set(key, { question: q.question, count: 1 });
  }
  const topQuestions = [...counts.values()].sort((a, b) => b.count - a.count || (a.question < b.question ? -1 : 1)).slice(0, 10);

  const downVoted = new Set(window.votes.filter((v) => v.vote === "down").map((v) => v.questionId));
  const unanswered = window.questions.filter((q) => q.refused || downVoted.has(q.id)).map((q) => q.question);
  const gaps = [];
  for (const gap of (await findGaps(unanswered, corpus.embed)).slice(0, 10)) {
    // By words: "close" is judged by the gap's key words anyway, and BM25 needs no embedding per gap.
    const hits = await corpus.search(gap.examples[0]!, { k: 5, maxPerArticle: 1, mode: "bm25" }).catch(() => []);
    // Close: the passage holds most of the gap's key words; else the corpus has nothing on it.
    const closest = hits.filter((h) => covers(`${h.article.title} ${h.passage.text}`, gap.terms) >= 0.6).slice(0, 3);
    gaps.push({ ...gap, closest: closest.map((h) => ({ id: h.article.id, title: h.article.title })) });
  }

  const cited = new Map<string, { id: string; title: string; count: number }>();
  for (const q of window.questions) {
    if (q.refused) continue;
    for (const c of q.cited) {
      const seen = cited.get(c.id);
      if (seen) seen.count++;
      else cited.set(c.id, { ...c, count: 1 });
    }
  }
  const never = corpus.articles.filter((a) => !cited.has(a.id));
  return {
    server: options.server,
    days: options.days,
    from,
    to,
    totals: withAnswered(now),
    previous: withAnswered(before),
    topQuestions,
    gaps,
    mostCited: [...cited.values()].sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : 1)).slice(0, 10),
    neverCited: { count: never.length, examples: never.slice(0, 10).map((a) => ({ id: a.id, title: a.title })) },
  };
}
