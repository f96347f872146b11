import { type AddedUrl, formatBytes, formatDate, type SourceStatus, type SyncReport, syncCounts } from "../rag/index.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What adding a URL understood of it: title, outlet, date, author, length, so a bad extraction shows at once. */
export function formatAddedUrl(added: AddedUrl): string {
  const a = added.article;
  const verb = added.status === "new" ? "Added" : added.status === "updated" ? "Updated" : "Already in the corpus, unchanged";
  const facts = [a.source, a.date && formatDate(a.date), a.author && `by ${a.author}`, a.language].filter(Boolean).join(", ");
  return [
    `${verb}: "${a.title}"${facts ? ` (${facts})` : ""}`,
    `  ${plural(a.words, "word")} from ${added.fetched.format} (${formatBytes(added.fetched.bytes)}) at ${added.fetched.url}`,
    `  stored as ${added.file}${a.url && a.url !== added.fetched.url ? `; cited as ${a.url}` : ""}`,
  ].join("\n");
}

/** A sync's report: per source what was new, updated, unchanged, failed (with the reasons) and removed. */
export function formatSyncReport(report: SyncReport): string {
  const lines: string[] = [];
  if (report.sources.length === 0) lines.push("No source was due (npm run sources -- list shows them).");
  for (const s of report.sources) {
    const counts = syncCounts(s);
    const listing = s.listing === "not-modified" ? " (not modified since the last sync)" : "";
    lines.push(`${s.kind} ${s.url}: ${s.error ? `failed: ${s.error}` : counts}${listing} in ${s.seconds.toFixed(1)} s`);
    for (const a of [...s.new, ...s.updated].slice(0, 20)) lines.push(`  + ${a.title} (${a.file})`);
    if (s.new.length + s.updated.length > 20) lines.push(`  … and ${s.new.length + s.updated.length - 20} more`);
    for (const a of s.removed) lines.push(`  - ${a.title} (gone from the site)`);
    for (const f of s.failed.slice(0, 20)) lines.push(`  ! ${f.url}: ${f.reason}`);
    if (s.failed.length > 20) lines.push(`  … and ${s.failed.length - 20} more failures`);
  }
  for (const p of report.problems) lines.push(`problem: ${p}`);
  if (report.index) lines.push(`${report.index.articles} articles searchable, ${report.index.passages} passages.`);
  return lines.join("\n");
}

/** The sources, with how each last synced. */
export function formatSourceList(list: { sources: SourceStatus[]; problems: string[] }): string {
  if (list.sources.length === 0 && list.problems.length === 0)
    return "No sources yet: npm run sources -- add URL adds a feed, sitemap or site section.";
  const lines = list.sources.map(({ source, record }) => {
    const every = source.every ? `every ${source.every} min` : "on the default interval";
    const last = !record?.lastSync
      ? "never synced"
      : record.failures
        ? `failing (${record.failures} in a row: ${record.lastError}); next try ${record.nextTry ?? "soon"}`
        : `last synced ${record.lastSync}${record.last ? `: ${record.last.new} new, ${record.last.updated} updated, ${record.last.failed} failed` : ""}`;
    return `${source.kind} ${source.url} (${every}${source.remove_gone ? ", removes gone articles" : ""}): ${last}`;
  });
  return [...lines, ...list.problems.map((p) => `problem: ${p}`)].join("\n");
}
