import { alsoCarriedBy, formatDate, type Answer, type Citation } from "../rag/index.js";

function byline(c: Citation): string {
  return [c.author, c.source, c.date && formatDate(c.date)].filter(Boolean).join(", ");
}

/** An answer for a terminal: the text, then the numbered sources with their quotes. */
export function formatAnswer(answer: Answer): string {
  // The fact asked for first, on its own line; the sentences that support it after.
  const lines = answer.shortAnswer && !answer.refused ? [answer.shortAnswer, "", answer.answer] : [answer.answer];
  // A value that superseded another says so under the short answer.
  if (answer.revision && !answer.refused) lines.splice(answer.shortAnswer ? 1 : 0, 0, answer.revision.note);
  if (answer.note) lines.push("", `Note: ${answer.note}`);
  if (answer.citations.length) {
    lines.push("", "Sources:");
    for (const c of answer.citations) {
      const by = byline(c);
      lines.push(`[${c.n}] ${c.title}${by ? ` (${by})` : ""}`);
      if (c.url) lines.push(`    ${c.url}`);
      const also = alsoCarriedBy(c.alsoIn);
      if (also) lines.push(`    ${also}.`);
      lines.push(`    “${c.quote.replace(/\s+/g, " ")}”`);
    }
  }
  const closest = answer.refused ? (answer.closest ?? []) : [];
  if (closest.length) {
    lines.push("", "Closest passages:");
    for (const c of closest) {
      const by = byline(c);
      lines.push(`[${c.n}] “${c.quote.replace(/\s+/g, " ")}”`, `    ${c.title}${by ? ` (${by})` : ""}`);
      if (c.url) lines.push(`    ${c.url}`);
    }
  } else if (answer.related.length) {
    lines.push("", "Related articles:");
    for (const r of answer.related) lines.push(`- ${r.title}${r.url ? ` <${r.url}>` : ""}`);
  }
  return lines.join("\n");
}
