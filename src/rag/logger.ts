import { pino, type Logger as PinoLogger } from "pino";
import pretty from "pino-pretty";
import { redactSecrets } from "./redact.js";

/** The logger the core writes to; pino's, so bot and CLI logs share one structured format. */
export type Logger = Pick<PinoLogger, "fatal" | "error" | "warn" | "info" | "debug" | "child">;

export interface LoggerOptions {
  level: string;
  /** `json` for production log collectors, `pretty` for people; `auto` picks pretty on a terminal. */
  format: "auto" | "json" | "pretty";
  /** Where logs go; standard error by default so standard output stays for results. */
  destination?: number;
  /** Where logs go instead of a file descriptor (tests read them). */
  stream?: { write(line: string): unknown };
  /** What `auto` means for this program: command-line tools read by people choose pretty. */
  autoFormat?: "json" | "pretty";
  /** Values that must never appear in a log line (tokens, API keys), whatever carries them. */
  secrets?: readonly (string | undefined)[];
}

// Secrets must never reach logs, wherever an object carrying them is logged.
const REDACT = ["token", "apiKey", "*.token", "*.apiKey", "headers.authorization", "*.headers.authorization"];

// Inside a JSON log line: a JSON escape of a control character (\u001b, \r, …), an escaped
// backslash (skipped whole, so "\\u001b" written by an article stays as it is), or a raw C1
// control or bidirectional mark, which JSON leaves raw.
const CONTROL_IN_JSON = /\\\\|\\u00(?:[01][0-9a-fA-F]|7[fF])|\\[bfr]|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One serialized log line made safe: secrets redacted (an error text from a provider can carry
 * the key), and control characters from articles or file names written as visible escapes, so a
 * log read on a terminal cannot be driven by them (pino-pretty prints strings as they are).
 */
function scrubLogLine(line: string, secrets: readonly (string | undefined)[] = []): string {
  const body = line.endsWith("\n") ? line.slice(0, -1) : line;
  const safe = redactSecrets(body, secrets).replace(CONTROL_IN_JSON, (m) => {
    if (m === "\\\\") return m;
    if (m.startsWith("\\")) return `\\${m}`;
    return `\\\\u${m.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return body === line ? safe : `${safe}\n`;
}

/** Creates the process logger. */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.destination ?? 2;
  const auto = options.autoFormat ?? (process.stderr.isTTY ? "pretty" : "json");
  const usePretty = options.format === "pretty" || (options.format === "auto" && auto === "pretty");
  const base = { level: options.level, redact: { paths: REDACT, censor: "[redacted]" } };
  const target = options.stream
    ? options.stream
    : usePretty
      ? // In-thread and synchronous, so log lines and a command's own output keep their order.
        pretty({ destination: fd, sync: true, colorize: !!process.stderr.isTTY && fd === 2, ignore: "pid,hostname" })
      : pino.destination({ fd, sync: true });
  const secrets = options.secrets ?? [];
  return pino(base, { write: (line: string) => target.write(scrubLogLine(line, secrets)) });
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: "silent" });
