import cliProgress from "cli-progress";
import type { Progress } from "../rag/index.js";

/** "1m 05s" (or "estimating…" until a first batch tells the rate). */
export function formatEta(done: number, total: number, elapsedMs: number): string {
  if (done <= 0 || elapsedMs <= 0) return "estimating…";
  const seconds = Math.round(((total - done) * elapsedMs) / done / 1000);
  if (seconds < 60) return `${seconds}s left`;
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s left`;
}

/**
 * Shows index progress on standard error: a bar on a terminal, a plain line every few seconds
 * otherwise (CI logs, pipes), so standard output stays clean for results.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (p: Progress) => void;
  stop: () => void;
} {
  let startedAt = 0;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      // Our own estimate: the library's shows NaN, then "0s", before it has seen a batch.
      { stream, format: "embedding [{bar}] {value}/{total} passages | {estimate}", hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(p) {
        if (p.phase !== "embed" || p.total === 0) return;
        if (!started) {
          startedAt = Date.now();
          bar.start(p.total, 0, { estimate: formatEta(0, p.total, 0) });
        }
        started = true;
        bar.update(p.done, { estimate: formatEta(p.done, p.total, Date.now() - startedAt) });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    onProgress(p) {
      if (p.phase !== "embed" || p.total === 0) return;
      const now = Date.now();
      if (p.done === 0) startedAt = now;
      if (p.done === 0 || p.done === p.total || now - last > 5000) {
        stream.write(
          `embedding: ${p.done}/${p.total} passages${p.done > 0 && p.done < p.total ? ` (${formatEta(p.done, p.total, now - startedAt)})` : ""}\n`,
        );
        last = now;
      }
    },
    stop: () => undefined,
  };
}
