// `npm start`: validates settings, loads (or builds) the index, connects to Discord.
import { type BotConfig, ConfigError, configSecrets, loadBotConfig, readEnvironment } from "../config/index.js";
import { createLogger, createRag } from "../rag/index.js";
import { fileURLToPath } from "node:url";
import { createBot } from "./bot.js";
import { startShardProcesses } from "./shards.js";

async function main(): Promise<void> {
  let config: BotConfig;
  try {
    config = loadBotConfig(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger({
    ...config.core.log,
    autoFormat: config.core.env === "production" ? "json" : "pretty",
    secrets: configSecrets(config),
  });
  // Never exit silently: whatever escapes is logged first.
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled promise rejection"));
  process.on("uncaughtException", (error) => {
    log.fatal({ err: error }, "uncaught exception; exiting");
    process.exit(1);
  });

  const rag = await createRag(config.core, { log });
  // Shards in processes of their own share the database: the index is brought up to date once,
  // here, then each shard opens it.
  const report = config.shardChild ? await rag.ensureIndex() : await rag.ensureIndex({ update: true });
  // A build at start-up has no one to show its report to but the log.
  for (const s of [...(report?.skipped ?? []), ...(report?.duplicates ?? [])]) {
    log.warn({ file: s.file, line: s.line }, `skipped ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason}`);
  }
  // A store that several processes can share runs one shard per process; otherwise the shards share this one.
  if (config.shards !== undefined && !config.shardChild && rag.sharedStore) {
    await rag.close();
    return superviseShards(config, log);
  }
  const bot = createBot(config, rag, log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing answers in flight");
    await bot.shutdown();
    await rag.close().catch((error: unknown) => log.warn({ err: (error as Error).message }, "closing the index store failed"));
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  // A write past the file-size limit must fail with EFBIG (a failed build, the old index kept),
  // not kill the bot: the lock library's signal-exit re-raises SIGXFSZ unless someone listens.
  process.on("SIGXFSZ", () => undefined);
  process.on("SIGTERM", () => void stop("SIGTERM"));

  try {
    await bot.start();
  } catch (error) {
    log.fatal((error as Error).message);
    await bot.client.destroy();
    process.exit(1);
  }
}

/** Starts the shard processes and stops them, each finishing its answers, on SIGTERM or SIGINT. */
async function superviseShards(config: BotConfig, log: ReturnType<typeof createLogger>): Promise<void> {
  const shards = await startShardProcesses(config, log, fileURLToPath(import.meta.url));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: stopping the shards");
    await shards.stop();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

void main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
