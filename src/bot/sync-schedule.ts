import { isRagError, type Logger, type Rag } from "../rag/index.js";

/**
 * Syncs the sources that are due (each on its own interval, none backing off), checking every
 * `checkMs`: the bot keeps the corpus current without a cron job. One sync at a time; a sync
 * another process runs on the same corpus is left to it. What changed goes to the log.
 */
export function startSyncSchedule(rag: Rag, log: Logger, checkMs: number): { stop(): void } {
  let stopped = false;
  const tick = async () => {
    if (stopped || rag.sources.syncing) return;
    try {
      const report = await rag.sources.sync({ all: false });
      if (report.sources.length === 0) return;
      const count = (key: "new" | "updated" | "removed") => report.sources.reduce((n, s) => n + s[key].length, 0);
      log.info(
        {
          sources: report.sources.length,
          new: count("new"),
          updated: count("updated"),
          removed: count("removed"),
          failed: report.sources.filter((s) => s.error).length,
        },
        "scheduled sync finished",
      );
    } catch (error) {
      if (isRagError(error) && error.code === "SYNC_IN_PROGRESS") return;
      log.warn({ err: (error as Error).message }, "scheduled sync failed");
    }
  };
  const timer = setInterval(() => void tick(), checkMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
