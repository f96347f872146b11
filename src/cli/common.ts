import { createHash } from "node:crypto";
import { basename, join, resolve } from "node:path";
import { ConfigError, configSecrets, loadCoreConfig, readEnvironment, type CoreConfig } from "../config/index.js";
import { createLogger, createRag, isRagError, redactSecrets, type Logger, type Rag } from "../rag/index.js";
import { UsageError } from "./args.js";
import { forTerminal } from "./terminal.js";

export { parseCommandLine, parsePositiveInt, UsageError } from "./args.js";

/** The index of a corpus other than the default: beside the default's, named after the folder. */
export function indexDirFor(corpusDir: string): string {
  const hash = createHash("sha256").update(resolve(corpusDir)).digest("hex").slice(0, 8);
  const name = basename(resolve(corpusDir)).replace(/[^\w.-]+/g, "-") || "corpus";
  return join("data", "index", `${name}-${hash}`);
}

/**
 * Reads settings: the environment, then .env, then flags. `--corpus DIR` without `--index` (and
 * no INDEX_DIR) keeps that corpus's index apart, so trying another folder never rebuilds the
 * bundled corpus's index.
 */
export function loadCliConfig(flags: { corpus?: string; index?: string }): CoreConfig {
  const env = readEnvironment();
  const defaults = loadCoreConfig(env);
  if (flags.corpus) env.CORPUS_DIR = flags.corpus;
  if (flags.index) env.INDEX_DIR = flags.index;
  else if (flags.corpus && !env.INDEX_DIR && resolve(flags.corpus) !== resolve(defaults.corpus.dir))
    env.INDEX_DIR = indexDirFor(flags.corpus);
  return loadCoreConfig(env);
}

/** Creates the logger and the core for settings already read. */
export async function openRag(config: CoreConfig, options: { verbose?: boolean } = {}): Promise<{ log: Logger; rag: Rag }> {
  // --verbose shows what is otherwise said only when it changes (which embedder, …).
  const level = options.verbose && config.log.level !== "trace" ? "debug" : config.log.level;
  const log = createLogger({ ...config.log, level, autoFormat: "pretty", secrets: configSecrets(config) });
  const rag = await createRag(config, { log });
  return { log, rag };
}

/**
 * A write past the file-size limit (RLIMIT_FSIZE, systemd's LimitFSIZE) raises SIGXFSZ. Node
 * ignores it, so the write fails with EFBIG and is reported like a full disk, but the lock
 * library's signal-exit turns it back into a kill unless the process listens itself.
 */
function keepWritesFromKilling(): void {
  process.on("SIGXFSZ", () => undefined);
}

/**
 * The one top-level catch of a command: a one-line message and a non-zero exit (2 for bad
 * usage, 1 for anything else), never a stack for expected errors.
 */
export function runCommand(name: string, main: (argv: string[]) => Promise<void>): void {
  keepWritesFromKilling();
  main(process.argv.slice(2)).then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      // Pattern-based redaction: a provider's error text may carry a key.
      const say = (text: string) => process.stderr.write(`error: ${forTerminal(redactSecrets(text))}\n`);
      if (error instanceof UsageError) say(`${error.message} (npm run ${name} -- --help shows the usage)`);
      else if (error instanceof ConfigError || isRagError(error)) say(error.message);
      else say((error as Error)?.stack ?? String(error));
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
