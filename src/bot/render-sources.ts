import type { AddedUrl, SourceStatus, SyncReport } from "../rag/index.js";
import { formatBytes, syncCounts } from "../rag/index.js";
import { LIMITS } from "./limits.js";
import { COLOURS, humanDate, type Rendered } from "./render.js";
import { escapeUntrusted, noPreview, truncate } from "./text.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * What adding a URL understood: title, outlet, date, author, length and format, so a moderator
 * sees a bad extraction (a cookie banner for a title, 12 words of text) at once.
 */
export function renderAddedUrl(added: AddedUrl): Rendered {
  const a = added.article;
  const done = added.status === "new" ? "Added" : added.status === "updated" ? "Updated" : "Already in the corpus, unchanged";
  const fields = [
    { name: "Outlet", value: a.source ? escapeUntrusted(a.source) : "not stated", inline: true },
    { name: "Date", value: humanDate(a.date) ?? "not stated", inline: true },
    { name: "Author", value: a.author ? truncate(escapeUntrusted(a.author), 200) : "not stated", inline: true },
    { name: "Length", value: `${plural(a.words, "word")} (${added.fetched.format}, ${formatBytes(added.fetched.bytes)})`, inline: true },
    { name: "Stored as", value: truncate(escapeUntrusted(added.file), 200), inline: true },
    ...(a.modified ? [{ name: "Updated by the publisher", value: humanDate(a.modified) ?? a.modified, inline: true }] : []),
  ];
  return {
    embeds: [
      {
        title: truncate(`${done}: ${escapeUntrusted(a.title)}`, LIMITS.embedTitle),
        description: a.url ? noPreview(a.url) : undefined,
        fields,
        color: COLOURS.ok,
      },
    ],
    components: [],
  };
}

/** A sync's report: per source what was new, updated, unchanged, failed (and why) and removed. */
export function renderSyncReport(report: SyncReport): Rendered {
  const lines: string[] = [];
  if (report.sources.length === 0) lines.push("No source to sync: add one with /sources add.");
  for (const s of report.sources) {
    const head = `**${s.kind}** ${noPreview(s.url)}`;
    if (s.error) {
      lines.push(`${head}: failed: ${escapeUntrusted(s.error)}`);
      continue;
    }
    lines.push(`${head}: ${syncCounts(s)}${s.listing === "not-modified" ? " (not modified)" : ""}`);
    for (const a of [...s.new, ...s.updated].slice(0, 5)) lines.push(`• ${truncate(escapeUntrusted(a.title), 120)}`);
    if (s.new.length + s.updated.length > 5) lines.push(`• …and ${s.new.length + s.updated.length - 5} more`);
    for (const f of s.failed.slice(0, 3))
      lines.push(`• failed: ${truncate(escapeUntrusted(f.url), 120)}: ${truncate(escapeUntrusted(f.reason), 160)}`);
  }
  for (const p of report.problems.slice(0, 5)) lines.push(`Problem: ${escapeUntrusted(p)}`);
  if (report.index) lines.push(`${report.index.articles} articles searchable.`);
  const failed = report.sources.some((s) => s.error);
  return {
    embeds: [
      {
        title: "Sync finished",
        description: truncate(lines.join("\n"), LIMITS.embedDescription),
        color: failed ? COLOURS.differ : COLOURS.ok,
      },
    ],
    components: [],
  };
}

/** The sources with how each last synced. */
export function renderSourceList(list: { sources: SourceStatus[]; problems: string[] }): Rendered {
  const lines = list.sources.map(({ source, record }) => {
    const state = !record?.lastSync
      ? "never synced"
      : record.failures
        ? `failing (${record.failures} in a row): ${escapeUntrusted(record.lastError ?? "")}`
        : `synced ${humanDate(record.lastSync) ?? record.lastSync}${record.last ? `: ${record.last.new} new, ${record.last.failed} failed` : ""}`;
    const every = source.every ? `every ${source.every} min` : "hourly by default";
    return `**${source.kind}** ${noPreview(source.url)} · ${every}${source.remove_gone ? " · removes gone articles" : ""} · ${state}`;
  });
  if (lines.length === 0) lines.push("No sources yet: /sources add url:<feed, sitemap or page> adds one.");
  for (const p of list.problems.slice(0, 5)) lines.push(`Problem: ${escapeUntrusted(p)}`);
  return {
    embeds: [{ title: "Sources", description: truncate(lines.join("\n"), LIMITS.embedDescription), color: COLOURS.answer }],
    components: [],
  };
}
