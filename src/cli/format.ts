import type { IndexReport, SearchHit } from "../rag/index.js";

const list = (ids: string[]) => (ids.length ? `: ${ids.slice(0, 10).join(", ")}${ids.length > 10 ? `, … (${ids.length - 10} more)` : ""}` : "");

/** The summary printed after an index run. */
export function formatIndexReport(r: IndexReport): string {
  const lines = [
    r.rebuilt ? `Index ${r.full ? "built" : "updated"} with ${r.embedder}.` : "Index is up to date; nothing to do.",
    `  added ${r.added.length}${list(r.added)}`,
    `  changed ${r.changed.length}${list(r.changed)}`,
    `  removed ${r.removed.length}${list(r.removed)}`,
    `  unchanged ${r.unchanged}`,
    `  skipped ${r.skipped.length + r.duplicates.length}`,
    ...[...r.skipped, ...r.duplicates].map((s) => `    ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason}`),
    `  ${r.articles} articles, ${r.passages} passages (${r.embedded} embedded in ${r.embedSeconds.toFixed(1)} s)`,
    `  ${r.seconds.toFixed(1)} s, ${r.passagesPerSecond.toFixed(1)} passages/s`,
  ];
  return lines.join("\n");
}

const SNIPPET = 240;

/** Ranked passages for a terminal: rank, title, score and a snippet. */
export function formatSearchHits(hits: SearchHit[]): string {
  if (hits.length === 0) return "No passages matched.";
  return hits
    .map((h) => {
      const text = h.passage.text.replace(/\s+/g, " ");
      const snippet = text.length > SNIPPET ? `${text.slice(0, SNIPPET).replace(/\s\S*$/, "")}…` : text;
      const byline = [h.article.source, h.article.date?.slice(0, 10)].filter(Boolean).join(", ");
      return `${h.rank}. ${h.article.title}${byline ? ` (${byline})` : ""}  [${h.article.id}, score ${h.score.toFixed(4)}]\n   ${snippet}`;
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
