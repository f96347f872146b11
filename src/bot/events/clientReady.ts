import type { Client } from "discord.js";
import type { BotContext } from "../context.js";
import { COMMAND_DEFINITIONS } from "../commands/index.js";

/** Logs who the bot is, what it offers and what it knows, once connected. */
export function handleReady(client: Client<true>, ctx: BotContext): void {
  const stats = ctx.rag.stats();
  ctx.log.info(
    {
      tag: client.user.tag,
      commands: COMMAND_DEFINITIONS.length,
      articles: stats?.articles ?? 0,
      passages: stats?.passages ?? 0,
      llm: ctx.rag.llm ?? "none",
      // This process's shards (inside one process, or the one a ShardingManager gave it).
      shards: client.shard?.ids ?? [...client.ws.shards.keys()],
    },
    `ready as ${client.user.tag}: ${COMMAND_DEFINITIONS.length} commands, ${stats?.articles ?? 0} articles indexed`,
  );
}
