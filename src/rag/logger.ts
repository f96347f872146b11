import { pino, type Logger as PinoLogger } from "pino";
import pretty from "pino-pretty";

/** The logger the core writes to; pino's, so bot and CLI logs share one structured format. */
export type Logger = Pick<PinoLogger, "fatal" | "error" | "warn" | "info" | "debug" | "child">;

export interface LoggerOptions {
  level: string;
  /** `json` for production log collectors, `pretty` for people; `auto` picks pretty on a terminal. */
  format: "auto" | "json" | "pretty";
  /** Where logs go; standard error by default so standard output stays for results. */
  destination?: number;
  /** What `auto` means for this program: command-line tools read by people choose pretty. */
  autoFormat?: "json" | "pretty";
}

// Secrets must never reach logs, wherever an object carrying them is logged.
const REDACT = ["token", "apiKey", "*.token", "*.apiKey", "headers.authorization", "*.headers.authorization"];

/** Creates the process logger. */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.destination ?? 2;
  const auto = options.autoFormat ?? (process.stderr.isTTY ? "pretty" : "json");
  const usePretty = options.format === "pretty" || (options.format === "auto" && auto === "pretty");
  const base = { level: options.level, redact: { paths: REDACT, censor: "[redacted]" } };
  if (usePretty) {
    // In-thread and synchronous, so log lines and a command's own output keep their order.
    return pino(base, pretty({ destination: fd, sync: true, colorize: process.stderr.isTTY, ignore: "pid,hostname" }));
  }
  return pino(base, pino.destination({ fd, sync: true }));
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: "silent" });
