import { ButtonStyle, ComponentType, type APIButtonComponent } from "discord.js";
import type { InsightsReport, QuestionEntry } from "../rag/index.js";
import { LIMITS } from "./limits.js";
import { COLOURS, humanDate, type Rendered } from "./render.js";
import { escapeUntrusted, truncate } from "./text.js";

/** The pages of /insights, in the order their buttons show. */
export const INSIGHT_PAGES = ["overview", "gaps", "articles"] as const;
export type InsightPage = (typeof INSIGHT_PAGES)[number];

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : "–");
const change = (now: number, before: number) =>
  before === now ? "as many as the period before" : `${now > before ? "+" : "−"}${Math.abs(now - before)} on the period before`;
const quoted = (text: string, max = 150) => `“${truncate(escapeUntrusted(text.replace(/\s+/g, " ")), max)}”`;

function overview(r: InsightsReport): string[] {
  const t = r.totals;
  const reasons = Object.entries(t.downReasons)
    .filter(([, n]) => n)
    .map(([why, n]) => `${why.replace(/-/g, " ")} ${n}`)
    .join(", ");
  return [
    `**${t.asked}** questions (${change(t.asked, r.previous.asked)}): answered ${pct(t.answered, t.asked)}, refused ${pct(t.refused, t.asked)} (${t.refused})`,
    `👍 ${t.up} · 👎 ${t.down}${reasons ? ` (${reasons})` : ""}`,
    "",
    "**Asked most**",
    ...(r.topQuestions.length ? r.topQuestions.map((q) => `${q.count} × ${quoted(q.question)}`) : ["No questions in this period."]),
  ];
}

function gaps(r: InsightsReport): string[] {
  if (!r.gaps.length) return ["No coverage gaps: every question in this period was answered and none was voted down."];
  return r.gaps.flatMap((g, i) => [
    `**${i + 1}. ${escapeUntrusted(g.terms.join(", ") || "(no key words)")}**: ${g.size} question${g.size === 1 ? "" : "s"}`,
    ...g.examples.map((e) => `• ${quoted(e, 120)}`),
    g.closest.length
      ? `Closest articles: ${g.closest.map((a) => escapeUntrusted(truncate(a.title, 80))).join("; ")}`
      : `Nothing close: add articles about ${escapeUntrusted(g.terms.join(", "))}.`,
    "",
  ]);
}

function articles(r: InsightsReport): string[] {
  return [
    "**Cited most**",
    ...(r.mostCited.length
      ? r.mostCited.map((a) => `${a.count} × ${escapeUntrusted(truncate(a.title, 100))}`)
      : ["None cited in this period."]),
    "",
    `**Never cited** in this period: ${r.neverCited.count} article${r.neverCited.count === 1 ? "" : "s"}`,
    ...r.neverCited.examples.map((a) => `• ${escapeUntrusted(truncate(a.title, 100))}`),
  ];
}

/** One page of /insights, with buttons to the others (keyed to the period asked for). */
export function renderInsights(r: InsightsReport, page: InsightPage): Rendered {
  const lines = page === "overview" ? overview(r) : page === "gaps" ? gaps(r) : articles(r);
  const title = { overview: "Questions", gaps: "Coverage gaps", articles: "Articles" }[page];
  const buttons: APIButtonComponent[] = INSIGHT_PAGES.map((p) => ({
    type: ComponentType.Button,
    custom_id: `insights:${p}:${r.days}`,
    label: { overview: "Questions", gaps: "Coverage gaps", articles: "Articles" }[p],
    style: p === page ? ButtonStyle.Primary : ButtonStyle.Secondary,
    disabled: p === page,
  }));
  return {
    embeds: [
      {
        title: `${title}: the last ${r.days} day${r.days === 1 ? "" : "s"}`,
        description: truncate(lines.join("\n"), LIMITS.embedDescription),
        color: COLOURS.answer,
        footer: { text: `${humanDate(new Date(r.from).toISOString())} to ${humanDate(new Date(r.to).toISOString())}` },
      },
    ],
    components: [{ type: ComponentType.ActionRow, components: buttons }],
  };
}

/** One logged answer, whole: the question as read, why it was refused, the passages, the sentences weighed. */
export function renderTrace(entry: QuestionEntry): Rendered {
  const a = entry.full;
  const t = a.trace;
  const lines = [
    `Asked ${humanDate(new Date(entry.at).toISOString())} · ${entry.refused ? `refused (${entry.reason ?? "not covered"})` : "answered"} · ${entry.latencyMs} ms${entry.llm ? ` · written by ${escapeUntrusted(entry.llm)}` : ""}`,
    `**Question**: ${quoted(entry.question, 300)}${a.standaloneQuestion ? `\nRead as: ${quoted(a.standaloneQuestion, 300)}` : ""}`,
    `**Answer**: ${truncate(escapeUntrusted(a.shortAnswer ? `${a.shortAnswer}. ${a.answer}` : a.answer), 700)}`,
    ...(t?.confidence
      ? [
          `Confidence: answer ${t.confidence.answer.toFixed(2)}${t.confidence.short !== undefined ? `, short answer ${t.confidence.short.toFixed(2)}` : ""}`,
        ]
      : []),
    ...(t?.probability !== undefined ? [`Passages hold an answer: ${t.probability.toFixed(2)}`] : []),
    ...(t?.draft && entry.refused ? [`Held back: ${truncate(escapeUntrusted(t.draft.answer), 300)}`] : []),
    "",
    "**Passages** (in rank order)",
    ...(t?.passages ?? []).slice(0, 5).map((p, i) => `${i + 1}. [${escapeUntrusted(p.articleId)}] ${quoted(p.text, 160)}`),
    ...(t?.sentences?.length
      ? ["", "**Sentences weighed**", ...t.sentences.slice(0, 3).map((s) => `${s.score.toFixed(2)} ${quoted(s.text, 160)}`)]
      : []),
  ];
  return {
    embeds: [{ title: `Answer ${entry.id}`, description: truncate(lines.join("\n"), LIMITS.embedDescription), color: COLOURS.refused }],
    components: [],
  };
}
