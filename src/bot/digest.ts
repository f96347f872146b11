import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Routes, type Client } from "discord.js";
import { buildInsights, type InsightsReport, type Logger, type QuestionRecorder, type Rag, type SourceStatus } from "../rag/index.js";
import { LIMITS } from "./limits.js";
import { COLOURS, type Rendered } from "./render.js";
import { escapeUntrusted, noPreview, truncate } from "./text.js";

const diff = (now: number, before: number) => (now === before ? "(=)" : `(${now > before ? "+" : "−"}${Math.abs(now - before)})`);

/** The weekly digest: the week's figures against the week before, the top three gaps, and sources that failed. */
export function renderDigest(r: InsightsReport, failing: SourceStatus[]): Rendered {
  const t = r.totals;
  const p = r.previous;
  const lines = [
    `**${t.asked}** questions ${diff(t.asked, p.asked)} · answered ${t.answered} ${diff(t.answered, p.answered)} · refused ${t.refused} ${diff(t.refused, p.refused)}`,
    `👍 ${t.up} ${diff(t.up, p.up)} · 👎 ${t.down} ${diff(t.down, p.down)}`,
    "",
    "**Top coverage gaps**",
    ...(r.gaps.length
      ? r.gaps.slice(0, 3).map((g, i) => {
          const what = escapeUntrusted(g.terms.join(", "));
          const fix = g.closest.length ? `closest: ${escapeUntrusted(truncate(g.closest[0]!.title, 80))}` : `add articles about ${what}`;
          return `${i + 1}. ${what} (${g.size}): “${truncate(escapeUntrusted(g.examples[0]!), 100)}”; ${fix}`;
        })
      : ["None this week."]),
    ...(failing.length
      ? [
          "",
          "**Sources failing to sync**",
          ...failing.slice(0, 5).map((s) => `• ${noPreview(s.source.url)}: ${escapeUntrusted(truncate(s.record?.lastError ?? "", 150))}`),
        ]
      : []),
    "",
    "/insights shows the whole picture.",
  ];
  return {
    embeds: [{ title: "This week's questions", description: truncate(lines.join("\n"), LIMITS.embedDescription), color: COLOURS.answer }],
    components: [],
  };
}

/** The Monday at `hour` (or whichever day) of the week `now` is in, in UTC: when this week's digest is due. */
export function dueAt(now: Date, day: number, hour: number): number {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() - day + 7) % 7));
  return d.getTime();
}

/**
 * Posts the digest into its channel once a week, at its day and hour (UTC): checked every minute;
 * a digest that could not be posted is tried again at the next check. The last one posted is
 * remembered in the data folder, so a restart neither repeats nor skips one.
 */
export function startDigest(options: {
  client: Client;
  rag: Rag;
  questions: QuestionRecorder;
  log: Logger;
  dataDir: string;
  channelId: string;
  day: number;
  hour: number;
  server?: string;
}): { tick(now?: Date): Promise<boolean>; stop(): void } {
  const stateFile = join(options.dataDir, "digest.json");
  let running = false;
  const tick = async (now = new Date()): Promise<boolean> => {
    if (running) return false;
    running = true;
    try {
      const due = dueAt(now, options.day, options.hour);
      if (now.getTime() < due) return false;
      const last = await readFile(stateFile, "utf8").then(
        (t) => Number(JSON.parse(t).postedFor) || 0,
        () => 0,
      );
      if (last >= due) return false;
      const report = await buildInsights(options.questions, options.rag, { server: options.server, days: 7, now: now.getTime() });
      const failing = (await options.rag.sources.list().catch(() => ({ sources: [] as SourceStatus[] }))).sources.filter(
        (s) => (s.record?.failures ?? 0) > 0,
      );
      const rendered = renderDigest(report, failing);
      await options.client.rest.post(Routes.channelMessages(options.channelId), {
        body: { embeds: rendered.embeds, allowed_mentions: { parse: [] } },
      });
      const tmp = `${stateFile}.${randomBytes(4).toString("hex")}.tmp`;
      await writeFile(tmp, JSON.stringify({ postedFor: due, postedAt: now.toISOString() }));
      await rename(tmp, stateFile);
      options.log.info({ channelId: options.channelId, asked: report.totals.asked, gaps: report.gaps.length }, "weekly digest posted");
      return true;
    } catch (error) {
      options.log.warn(
        { err: (error as Error).message, channelId: options.channelId },
        "could not post the weekly digest; trying again at the next check",
      );
      return false;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), 60_000);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
