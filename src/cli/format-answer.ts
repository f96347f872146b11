import { formatDate, type Answer, type Citation } from "../rag/index.js";

function byline(c: Citation): string {
  return [c.author, c.source, c.date && formatDate(c.date)].filter(Boolean).join(", ");
}

/** An answer for a terminal: the text, then the numbered sources with their quotes. */
export function formatAnswer(answer: Answer): string {
  // The fact asked for first, on its own line; the sentences that support it after.
  const lines = answer.shortAnswer && !answer.refused ? [answer.shortAnswer, "", answer.answer] : [answer.answer];
  if (answer.note) lines.push("", `Note: ${answer.note}`);
  if (answer.citations.length) {
    lines.push("", "Sources:");
    for (const c of answer.citations) {
      const by = byline(c);
      lines.push(`[${c.n}] ${c.title}${by ? ` (${by})` : ""}`);
      if (c.url) lines.push(`    ${c.url}`);
      lines.push(`    “${c.quote.replace(/\s+/g, " ")}”`);
    }
  }
  if (answer.related.length) {
    lines.push("", "Related articles:");
    for (const r of answer.related) lines.push(`- ${r.title}${r.url ? ` <${r.url}>` : ""}`);
  }
  return lines.join("\n");
}
