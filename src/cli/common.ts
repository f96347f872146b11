import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, configSecrets, loadCoreConfig, readEnvironment, type CoreConfig } from "../config/index.js";
import { createLogger, createRag, isRagError, redactSecrets, type Logger, type Rag } from "../rag/index.js";
import { forTerminal } from "./terminal.js";

/** Flags every command shares; they win over CORPUS_DIR and INDEX_DIR. */
export const COMMON_OPTIONS = {
  corpus: { type: "string" },
  index: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** Thrown for bad command-line usage; printed as one line with the usage text. */
export class UsageError extends Error {
  readonly code = "USAGE";
}

export function parseCommandLine<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reads settings: the environment, then .env, then flags. */
export function loadCliConfig(flags: { corpus?: string; index?: string }): CoreConfig {
  const env = readEnvironment();
  if (flags.corpus) env.CORPUS_DIR = flags.corpus;
  if (flags.index) env.INDEX_DIR = flags.index;
  return loadCoreConfig(env);
}

/** Reads settings and creates the logger and the core. */
export async function openRag(flags: { corpus?: string; index?: string }): Promise<{ config: CoreConfig; log: Logger; rag: Rag }> {
  const config = loadCliConfig(flags);
  const log = createLogger({ ...config.log, autoFormat: "pretty", secrets: configSecrets(config) });
  const rag = await createRag(config, { log });
  return { config, log, rag };
}

/**
 * A write past the file-size limit (RLIMIT_FSIZE, systemd's LimitFSIZE) raises SIGXFSZ. Node
 * ignores it, so the write fails with EFBIG and is reported like a full disk, but the lock
 * library's signal-exit turns it back into a kill unless the process listens itself.
 */
export function keepWritesFromKilling(): void {
  process.on("SIGXFSZ", () => undefined);
}

/** The one top-level catch of a command: a one-line message and a non-zero exit, never a stack for expected errors. */
export function runCommand(usage: string, main: (argv: string[]) => Promise<void>): void {
  keepWritesFromKilling();
  main(process.argv.slice(2)).then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      // Pattern-based redaction: a provider's error text may carry a key.
      const say = (text: string) => process.stderr.write(`error: ${forTerminal(redactSecrets(text))}\n`);
      if (error instanceof UsageError) say(`${error.message}\n${usage}`);
      else if (error instanceof ConfigError || isRagError(error)) say(error.message);
      else say((error as Error)?.stack ?? String(error));
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}

/** Parses a positive whole number flag. */
export function parsePositiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}
