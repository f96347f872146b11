import { ButtonStyle, ComponentType, embedLength, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from "discord.js";
import {
  alsoCarriedBy,
  type Answer,
  type ArticleMeta,
  type Citation,
  type IndexReport,
  type IndexStats,
  type SearchHit,
} from "../rag/index.js";
import { LIMITS } from "./limits.js";
import { clamp, escapeUntrusted, fitAnswerText, noPreview, truncate } from "./text.js";

type Row = APIActionRowComponent<APIButtonComponent>;
export interface Rendered {
  content?: string;
  embeds: APIEmbed[];
  components: Row[];
}

export const COLOURS = { answer: 0x5865f2, differ: 0xf0b232, refused: 0x80848e, error: 0xda373c, ok: 0x23a55a } as const;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** 2023-07-30 → 30 July 2023. */
export function humanDate(iso?: string): string | undefined {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : undefined;
}

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

const button = (custom_id: string, label: string, style: ActionStyle = ButtonStyle.Secondary, disabled = false): APIButtonComponent => ({
  type: ComponentType.Button,
  custom_id: custom_id.slice(0, LIMITS.customId),
  label: clamp(label, LIMITS.buttonLabel),
  style,
  disabled,
});

const row = (...buttons: APIButtonComponent[]): Row => ({
  type: ComponentType.ActionRow,
  components: buttons.slice(0, LIMITS.buttonsPerRow),
});

function byline(c: Pick<Citation, "author" | "source" | "date">): string {
  return [c.author, c.source, humanDate(c.date)]
    .filter(Boolean)
    .map((s) => escapeUntrusted(s!))
    .join(" · ");
}

/** The footer every answer carries: how big and how fresh the index is. */
export function indexFooter(stats: IndexStats | undefined, extra?: string): string {
  const parts = stats ? [`${stats.articles} articles`, `index updated ${humanDate(stats.builtAt) ?? stats.builtAt}`] : [];
  // While a lexical-first build embeds, the newest passages are found by their words only.
  if (stats && stats.embedded < stats.passages) {
    parts.push(`embedding ${Math.floor((stats.embedded / stats.passages) * 100)}% done: newest articles matched by words only`);
  }
  if (extra) parts.push(extra);
  return truncate(parts.join(" · "), LIMITS.embedFooter);
}

const SOURCES_BUDGET = 1500;

/** The numbered sources under an answer: title, byline, and the link without a preview. */
function renderSources(citations: Citation[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const c of citations) {
    const by = byline(c);
    const also = alsoCarriedBy(c.alsoIn);
    const line =
      truncate(`**[${c.n}]** ${escapeUntrusted(c.title)}${by ? ` — ${by}` : ""}`, 300) +
      (c.url ? `\n${noPreview(c.url)}` : "") +
      (also ? `\n${truncate(escapeUntrusted(also), 200)}.` : "");
    if (used + line.length + 1 > SOURCES_BUDGET) {
      lines.push(`…and ${citations.length - lines.length} more (see Quotes)`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join("\n");
}

/** The passages that come closest to a question the articles do not answer: each quoted, with its article. */
function renderClosest(citations: Citation[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const c of citations) {
    const by = byline(c);
    const quote = truncate(escapeUntrusted(c.quote.replace(/\s+/g, " ")), 300);
    const line = `**[${c.n}]** “${quote}”\n${truncate(`${escapeUntrusted(c.title)}${by ? ` — ${by}` : ""}`, 250)}${c.url ? ` ${noPreview(c.url)}` : ""}`;
    if (used + line.length + 1 > SOURCES_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join("\n");
}

/** An answer as one embed within every limit, with Quotes and feedback buttons keyed to `key`. */
/** What the footer says of how a question was read (a note, a follow-up's standalone form), if anything. */
export function howRead(answer: Answer): string | undefined {
  return [answer.note, answer.standaloneQuestion && `read as: ${answer.standaloneQuestion}`].filter(Boolean).join(" · ") || undefined;
}

export function renderAnswer(answer: Answer, options: { key: string; footer: string; heading?: string }): Rendered {
  const title = truncate(escapeUntrusted(options.heading ?? answer.question.replace(/\s+/g, " ")), LIMITS.embedTitle);
  const footer = truncate(options.footer, LIMITS.embedFooter);
  let tail = "";
  const closest = answer.refused ? (answer.closest ?? []) : [];
  if (closest.length) {
    tail = `\n\n**Closest passages**\n${renderClosest(closest)}`;
  } else if (answer.refused && answer.related.length) {
    tail = `\n\n**Closest articles**\n${answer.related.map((r) => `• ${escapeUntrusted(r.title)}${r.url ? ` ${noPreview(r.url)}` : ""}`).join("\n")}`;
  } else if (!answer.refused && answer.citations.length) {
    tail = `\n\n**Sources**\n${renderSources(answer.citations)}`;
  }
  tail = truncate(tail, SOURCES_BUDGET + 40);
  // The fact asked for leads, in bold; the sentences that support it follow with their markers.
  // A value that superseded another says so under it: "revised on 2 June 2025 from $9.1 million".
  const revision = answer.revision && !answer.refused ? `*${truncate(escapeUntrusted(answer.revision.note), 300)}*\n` : "";
  const lead = (answer.shortAnswer && !answer.refused ? `**${truncate(escapeUntrusted(answer.shortAnswer), 200)}**\n` : "") + revision;
  const room = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - title.length - footer.length) - tail.length - lead.length;
  const description = lead + fitAnswerText(answer.answer, room) + tail;
  const colour = answer.refused ? COLOURS.refused : answer.disagreement ? COLOURS.differ : COLOURS.answer;
  const buttons = [
    ...(answer.refused ? [] : [button(`quotes:${options.key}`, "Quotes", ButtonStyle.Primary, answer.citations.length === 0)]),
    button(`fb:up:${options.key}`, "👍"),
    button(`fb:down:${options.key}`, "👎"),
  ];
  return { embeds: [{ title, description, color: colour, footer: { text: footer } }], components: [row(...buttons)] };
}

/** The passages behind each citation, for the Quotes button. */
export function renderQuotes(answer: Pick<Answer, "citations" | "question">): Rendered {
  const fields = answer.citations.slice(0, LIMITS.embedFields).map((c) => ({
    name: truncate(`[${c.n}] ${escapeUntrusted(c.title)}`, LIMITS.embedFieldName),
    value: truncate(
      `> ${truncate(escapeUntrusted(c.quote.replace(/\s+/g, " ")), 900)}${c.url ? `\n${noPreview(c.url)}` : ""}`,
      LIMITS.embedFieldValue,
    ),
  }));
  const embed: APIEmbed = {
    title: truncate(`Quotes: ${escapeUntrusted(answer.question)}`, LIMITS.embedTitle),
    color: COLOURS.answer,
    fields,
  };
  while (embedLength(embed) > LIMITS.embedTotal && fields.length > 1) fields.pop();
  return { embeds: [embed], components: [] };
}

/** Ranked passages for /search, each with its article. */
export function renderSearch(query: string, hits: SearchHit[], footer: string): Rendered {
  const embed: APIEmbed = {
    title: truncate(`Search: ${escapeUntrusted(query)}`, LIMITS.embedTitle),
    color: COLOURS.answer,
    footer: { text: truncate(footer, LIMITS.embedFooter) },
    description: hits.length ? undefined : "No passages matched.",
    fields: hits.slice(0, LIMITS.embedFields).map((h) => {
      const by = byline({ author: h.article.author, source: h.article.source, date: h.article.date });
      const also = alsoCarriedBy(h.article.copies);
      const link = (h.article.url ? `\n${noPreview(h.article.url)}` : "") + (also ? `\n${truncate(escapeUntrusted(also), 200)}.` : "");
      return {
        name: truncate(`${h.rank}. ${escapeUntrusted(h.article.title)}`, LIMITS.embedFieldName),
        value: truncate(
          `${by ? `*${by}*\n` : ""}${truncate(escapeUntrusted(h.passage.text.replace(/\s+/g, " ")), 600)}${link}`,
          LIMITS.embedFieldValue,
        ),
      };
    }),
  };
  while (embedLength(embed) > LIMITS.embedTotal && embed.fields!.length > 1) embed.fields!.pop();
  return { embeds: [embed], components: [] };
}

const ARTICLES_PER_PAGE = 10;

/** One page of the indexed articles with Previous / Next buttons. */
export function renderArticles(articles: readonly ArticleMeta[], page: number, footer: string): Rendered {
  const pages = Math.max(1, Math.ceil(articles.length / ARTICLES_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const slice = articles.slice((current - 1) * ARTICLES_PER_PAGE, current * ARTICLES_PER_PAGE);
  const lines = slice.map((a) => {
    const by = byline({ author: undefined, source: a.source, date: a.date });
    return truncate(`• **${escapeUntrusted(a.title)}**${by ? ` — ${by}` : ""}`, 350);
  });
  return {
    embeds: [
      {
        title: `Indexed articles (page ${current} of ${pages})`,
        description: truncate(lines.join("\n") || "The index is empty.", LIMITS.embedDescription),
        color: COLOURS.answer,
        footer: { text: truncate(footer, LIMITS.embedFooter) },
      },
    ],
    components:
      pages > 1
        ? [
            row(
              button(`articles:${current - 1}`, "◀ Previous", ButtonStyle.Secondary, current <= 1),
              button(`articles:${current + 1}`, "Next ▶", ButtonStyle.Secondary, current >= pages),
            ),
          ]
        : [],
  };
}

/** How a moderator's report is headed: what was done, and to which articles (their titles and ids). */
export type ReportHeading = { done: "Reindex finished" } | { done: "Added" | "Removed"; articles: Pick<ArticleMeta, "id" | "title">[] };

function headingText(heading: ReportHeading): string {
  if (!("articles" in heading)) return heading.done;
  return `${heading.done} ${heading.articles.map((a) => `“${escapeUntrusted(a.title)}” (id ${escapeUntrusted(a.id)})`).join(", ")}`;
}

/** A moderator's report of a reindex. */
export function renderIndexReport(heading: ReportHeading, r: IndexReport): Rendered {
  const title = headingText(heading);
  const list = (ids: string[]) => (ids.length ? `: ${truncate(ids.map(escapeUntrusted).join(", "), 300)}` : "");
  const skipped = [...r.skipped, ...r.duplicates].map(
    (s) => `• ${escapeUntrusted(s.file)}${s.line ? `:${s.line}` : ""}: ${escapeUntrusted(s.reason)}`,
  );
  const lines = [
    r.rebuilt ? `Rebuilt ${r.full ? "in full" : "incrementally"} with ${r.embedder}.` : "Nothing changed; the index is up to date.",
    `Added ${r.added.length}${list(r.added)}`,
    `Changed ${r.changed.length}${list(r.changed)}`,
    `Removed ${r.removed.length}${list(r.removed)}`,
    `Unchanged ${r.unchanged}`,
    `Skipped ${skipped.length}`,
    ...skipped.slice(0, 15),
    ...(skipped.length > 15 ? [`…and ${skipped.length - 15} more`] : []),
    `${r.articles} articles, ${r.passages} passages (${r.embedded} embedded), ${r.seconds.toFixed(1)} s`,
    ...(r.embedding?.handedOver
      ? [`A newer reindex took over the embedding: ${r.embedding.pending} passages are found by their words only until it is done.`]
      : r.embedding
        ? [
            `Embedding stopped: ${escapeUntrusted(r.embedding.error)}. ${r.embedding.pending} passages are found by their words only until the next reindex, which resumes it.`,
          ]
        : []),
  ];
  return {
    embeds: [
      { title: truncate(title, LIMITS.embedTitle), description: truncate(lines.join("\n"), LIMITS.embedDescription), color: COLOURS.ok },
    ],
    components: [],
  };
}

/** A short notice of the bot's own: a refusal, a limit, an error the user can act on. Escape what it quotes. */
/** How long ago, in the largest whole unit: "3 minutes", "2 days". */
function age(since: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  const units: [string, number][] = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [name, size] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** /status: what the index holds, how much of it dense search sees, with what, how old, where. */
export function renderStatus(stats: IndexStats | undefined, llm: string | undefined, now = Date.now()): Rendered {
  if (!stats) return renderNotice("The index is not loaded yet; ask again in a moment.");
  const share = stats.passages ? Math.floor((stats.embedded / stats.passages) * 1000) / 10 : 100;
  const fields = [
    { name: "Articles", value: stats.articles.toLocaleString("en-GB"), inline: true },
    { name: "Passages", value: stats.passages.toLocaleString("en-GB"), inline: true },
    { name: "Embedded", value: `${stats.embedded.toLocaleString("en-GB")} (${share}%)`, inline: true },
    { name: "Embedder", value: `${escapeUntrusted(stats.embedder)} (${stats.dimension} dimensions)`, inline: true },
    { name: "Index updated", value: `${age(stats.builtAt, now)} ago (${humanDate(stats.builtAt) ?? stats.builtAt})`, inline: true },
    { name: "Store", value: stats.storeLabel, inline: true },
    { name: "Answers written by", value: llm ? escapeUntrusted(llm) : "the articles' own sentences (no LLM)", inline: false },
  ];
  return { embeds: [{ title: "Index status", color: COLOURS.ok, fields }], components: [] };
}

export function renderNotice(text: string, tone: "error" | "info" = "info"): Rendered {
  return {
    embeds: [{ description: truncate(text, LIMITS.embedDescription), color: tone === "error" ? COLOURS.error : COLOURS.refused }],
    components: [],
  };
}
