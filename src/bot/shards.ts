import { once } from "node:events";
import { ShardingManager } from "discord.js";
import type { BotConfig } from "../config/index.js";
import type { Logger } from "../rag/index.js";

/**
 * The client options for sharding inside this process (the local store: one index in memory, all
 * shards answering from it). Undefined when the bot runs one connection, or is itself a shard that
 * a ShardingManager started (discord.js then reads its shard ids from the environment).
 */
export function internalSharding(config: BotConfig): { shards: number[] | "auto"; shardCount?: number } | undefined {
  if (config.shards === undefined || config.shardChild) return undefined;
  if (config.shards === "auto") return { shards: "auto" };
  return { shards: Array.from({ length: config.shards }, (_, i) => i), shardCount: config.shards };
}

/**
 * Runs the bot as shards in processes of their own (the postgres store: each shard a stateless
 * client of the database), with discord.js's ShardingManager. This process only supervises:
 * a shard that dies is started again; on stop, each shard is signalled and awaited.
 */
export async function startShardProcesses(config: BotConfig, log: Logger, script: string): Promise<{ stop(): Promise<void> }> {
  const manager = new ShardingManager(script, {
    totalShards: config.shards ?? "auto",
    token: config.discord.token,
    respawn: true,
    mode: "process",
    execArgv: [],
  });
  manager.on("shardCreate", (shard) => {
    log.info({ shard: shard.id }, `shard ${shard.id} of ${manager.totalShards} starting`);
    shard.on("death", () => log.warn({ shard: shard.id }, `shard ${shard.id} exited`));
  });
  await manager.spawn({ timeout: 120_000 });
  log.info({ shards: manager.shards.size }, `ready: ${manager.shards.size} shard processes`);
  return {
    async stop() {
      manager.respawn = false;
      await Promise.all(
        [...manager.shards.values()].map(async (shard) => {
          const child = shard.process;
          if (!child || child.exitCode !== null) return;
          const exited = once(child, "exit");
          // The shard finishes its answers in flight, disconnects and exits on SIGTERM.
          child.kill("SIGTERM");
          await exited;
        }),
      );
    },
  };
}
