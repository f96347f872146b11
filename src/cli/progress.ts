import cliProgress from "cli-progress";
import type { Progress } from "../rag/index.js";

/**
 * Shows index progress on standard error: a bar on a terminal, a plain line every few seconds
 * otherwise (CI logs, pipes), so standard output stays clean for results.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (p: Progress) => void;
  stop: () => void;
} {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: "{phase} [{bar}] {value}/{total} passages | {eta_formatted} left", hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(p) {
        if (p.phase !== "embed" || p.total === 0) return;
        if (!started) bar.start(p.total, 0, { phase: "embedding" });
        started = true;
        bar.update(p.done, { phase: "embedding" });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    onProgress(p) {
      if (p.phase !== "embed" || p.total === 0) return;
      const now = Date.now();
      if (p.done === 0 || p.done === p.total || now - last > 5000) {
        stream.write(`embedding: ${p.done}/${p.total} passages\n`);
        last = now;
      }
    },
    stop: () => undefined,
  };
}
