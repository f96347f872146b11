import { type Client, Routes } from "discord.js";
import { isRagError, type Libraries, type Logger, type Rag, type SyncReport } from "../rag/index.js";
import { renderSyncReport } from "./render-sources.js";

const count = (report: SyncReport, key: "new" | "updated" | "removed") => report.sources.reduce((n, s) => n + s[key].length, 0);

/** Syncs one library's due sources; the report, or undefined when nothing was due (or another sync runs). */
async function syncDue(rag: Rag, log: Logger): Promise<SyncReport | undefined> {
  if (rag.sources.syncing) return undefined;
  try {
    const report = await rag.sources.sync({ all: false });
    if (report.sources.length === 0) return undefined;
    log.info(
      {
        sources: report.sources.length,
        new: count(report, "new"),
        updated: count(report, "updated"),
        removed: count(report, "removed"),
        failed: report.sources.filter((s) => s.error).length,
      },
      "scheduled sync finished",
    );
    return report;
  } catch (error) {
    if (isRagError(error) && error.code === "SYNC_IN_PROGRESS") return undefined;
    log.warn({ err: (error as Error).message }, "scheduled sync failed");
    return undefined;
  }
}

/**
 * Syncs the sources that are due (each on its own interval, none backing off), checking every
 * `checkMs`: the bot keeps every library current without a cron job. The shared corpus first,
 * then each server whose sources are due (found from its files, so idle servers stay unloaded),
 * one at a time. What changed goes to the log, and to a server's report channel when it set one
 * and the sync changed or failed something.
 */
export function startSyncSchedule(
  options: { rag: Rag; libraries?: Libraries; client: Client; log: Logger },
  checkMs: number,
): { stop(): void; tick(): Promise<void> } {
  const { rag, libraries, client, log } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  async function post(server: string, report: SyncReport): Promise<void> {
    const channel = (await libraries!.settings(server)).reportChannel;
    const changed = count(report, "new") + count(report, "updated") + count(report, "removed");
    if (!channel || (changed === 0 && !report.sources.some((s) => s.error || s.failed.length))) return;
    const { embeds } = renderSyncReport(report);
    await client.rest
      .post(Routes.channelMessages(channel), { body: { embeds, allowed_mentions: { parse: [] } } })
      .catch((error: unknown) => log.warn({ server, channel, err: (error as Error).message }, "could not post a sync report"));
  }
  async function run(): Promise<void> {
    await syncDue(rag, log);
    if (!libraries) return;
    for (const server of await libraries.serversDueSync().catch(() => [])) {
      if (stopped) return;
      const serverLog = log.child({ server });
      try {
        const library = await libraries.forServer(server);
        const report = await syncDue(library.rag, serverLog);
        if (report) await post(server, report);
      } catch (error) {
        serverLog.warn({ err: (error as Error).message }, "scheduled sync of a server's sources failed");
      }
    }
  }
  const tick = () => {
    if (stopped) return Promise.resolve();
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void tick(), checkMs);
  timer.unref();
  return {
    tick,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
