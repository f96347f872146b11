import type { SourceSyncReport } from "./sync.js";

/** "3 new, 1 updated, 40 unchanged, 0 failed, 2 left for the next sync": one source's sync in a line, for every front end. */
export function syncCounts(s: SourceSyncReport): string {
  return [
    `${s.new.length} new`,
    `${s.updated.length} updated`,
    `${s.unchanged} unchanged`,
    `${s.failed.length} failed`,
    ...(s.removed.length ? [`${s.removed.length} removed`] : []),
    ...(s.skipped ? [`${s.skipped} skipped`] : []),
    ...(s.backlog ? [`${s.backlog} left for the next sync`] : []),
  ].join(", ");
}
