import { alsoCarriedBy, type ArticleMeta, type IndexReport, type SearchHit } from "../rag/index.js";

const list = (ids: string[]) =>
  ids.length ? `: ${ids.slice(0, 10).join(", ")}${ids.length > 10 ? `, … (${ids.length - 10} more)` : ""}` : "";

/** The summary printed after an index run. */
export function formatIndexReport(r: IndexReport): string {
  const lines = [
    r.rebuilt ? `Index ${r.full ? "built" : "updated"} with ${r.embedder}.` : "Index is up to date; nothing to do.",
    `  added ${r.added.length}${list(r.added)}`,
    `  changed ${r.changed.length}${list(r.changed)}`,
    `  removed ${r.removed.length}${list(r.removed)}`,
    r.recomputed ? `  rebuilt ${r.recomputed} (unchanged, split and embedded again)` : `  unchanged ${r.unchanged}`,
    `  skipped ${r.skipped.length + r.duplicates.length}`,
    ...[...r.skipped, ...r.duplicates].map((s) => `    ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason}`),
    `  ${r.articles} articles, ${r.passages} passages${r.rebuilt ? ` (${r.embedded} embedded in ${r.embedSeconds.toFixed(1)} s)` : ""}`,
    // A run that changed nothing has no rate to speak of.
    r.rebuilt ? `  ${r.seconds.toFixed(1)} s, ${r.passagesPerSecond.toFixed(1)} passages/s` : `  ${r.seconds.toFixed(1)} s`,
    ...(r.embedding
      ? [
          `  embedding stopped: ${r.embedding.error}; ${r.embedding.pending} passages are found by their words only until the next run, which resumes it`,
        ]
      : []),
  ];
  return lines.join("\n");
}

const SNIPPET = 240;

/**
 * The part of a passage that matched: the window of SNIPPET characters holding the most of the
 * query's words, cut at word boundaries, with an ellipsis where text was left out.
 */
export function snippetOf(text: string, query: string): string {
  const flat = text.replace(/\s+/g, " ");
  if (flat.length <= SNIPPET) return flat;
  const words = new Set((query.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).map((w) => w.slice(0, 5)));
  const hits = [...flat.matchAll(/[\p{L}\p{N}]+/gu)].filter((m) => words.has(m[0].toLowerCase().slice(0, 5))).map((m) => m.index);
  let bestStart = 0;
  let bestCount = -1;
  for (const start of hits.length ? hits : [0]) {
    const from = Math.max(0, start - 40);
    const count = hits.filter((h) => h >= from && h < from + SNIPPET).length;
    if (count > bestCount) {
      bestCount = count;
      bestStart = from;
    }
  }
  const from = bestStart === 0 ? 0 : flat.indexOf(" ", bestStart) + 1;
  const cut = flat.slice(from, from + SNIPPET).replace(/\s\S*$/, "");
  return `${from > 0 ? "…" : ""}${cut}${from + cut.length < flat.length ? "…" : ""}`;
}

/** Ranked passages for a terminal: rank, title, score and the part of the passage that matched. */
export function formatSearchHits(hits: SearchHit[], query = ""): string {
  if (hits.length === 0) return "No passages matched.";
  return hits
    .map((h) => {
      const byline = [h.article.source, h.article.date?.slice(0, 10)].filter(Boolean).join(", ");
      const heading = `${h.rank}. ${h.article.title}${byline ? ` (${byline})` : ""}  [${h.article.id}, score ${h.score.toFixed(4)}]`;
      const also = alsoCarriedBy(h.article.copies);
      return `${heading}\n   ${snippetOf(h.passage.text, query)}${also ? `\n   (${also}.)` : ""}`;
    })
    .join("\n\n");
}

/** The JSON shape of `npm run search -- --json`. */
export function toSearchJson(hits: SearchHit[]) {
  return hits.map((h) => ({
    rank: h.rank,
    articleId: h.article.id,
    title: h.article.title,
    passageId: h.passage.id,
    score: h.score,
    text: h.passage.text,
  }));
}

/** `npm run articles`: one line an article (id, date, outlet, title), then how many were shown. */
export function formatArticleList(articles: ArticleMeta[], total: number): string {
  const lines = articles.map((a) => [a.id, a.date?.slice(0, 10) ?? "no date", a.source, a.title].filter(Boolean).join("  ·  "));
  const count = articles.length === total ? `${total} article${total === 1 ? "" : "s"}` : `${articles.length} of ${total} articles`;
  return [...lines, count].join("\n");
}
