import { z } from "zod";
import { loadCoreConfig, type CoreConfig } from "./core.js";
import { ConfigError, int, parseEnv, setting, url, type Env } from "./env.js";

const SNOWFLAKE = /^\d{15,25}$/;
const snowflake = z.string().trim().regex(SNOWFLAKE, "expected a Discord id (a long number)");
const idList = z
  .string()
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(snowflake));

/** Settings only the Discord bot reads. */
const botEnvSchema = z.object({
  DISCORD_TOKEN: setting(
    z.string({ error: "is required (the bot token from the Developer Portal)" }).trim().min(20, "does not look like a bot token"),
  ),
  DISCORD_CLIENT_ID: setting(
    z.string({ error: "is required (the application id)" }).trim().regex(SNOWFLAKE, "expected a Discord id (a long number)"),
  ),
  DISCORD_GUILD_ID: setting(snowflake.optional()),
  DISCORD_API_BASE: setting(url().default("https://discord.com/api")),
  ASK_PER_MINUTE: setting(int(1, 1000).default(5)),
  SEARCH_PER_MINUTE: setting(int(1, 1000).default(20)),
  MAX_ANSWERS_IN_FLIGHT: setting(int(1, 1000).default(8)),
  ASK_CHANNEL_IDS: setting(idList.default([])),
  MODERATOR_ROLE_IDS: setting(idList.default([])),
  CORPUS_ADMIN_GUILD_IDS: setting(idList.default([])),
  MAX_UPLOAD_BYTES: setting(int(1, 25 * 1024 * 1024).default(1024 * 1024)),
  // Where Discord serves attachments; /add-article downloads from nowhere else.
  DISCORD_ATTACHMENT_HOSTS: setting(
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/, "expected host names (host or host:port), comma-separated")))
      .default(["cdn.discordapp.com", "media.discordapp.net"]),
  ),
  SHUTDOWN_GRACE_MS: setting(int(0, 600_000).default(10_000)),
  // The weekly digest of /insights posted into a moderators' channel (off when no channel is set).
  DIGEST_CHANNEL_ID: setting(snowflake.optional()),
  DIGEST_DAY: setting(z.enum(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]).default("monday")),
  DIGEST_HOUR: setting(int(0, 23).default(9)),
  // How often the bot looks for sources due a sync (each has its own interval); 0 turns scheduled syncs off.
  SYNC_CHECK_SECONDS: setting(int(0, 86_400).default(60)),
  // What one server's own library may hold, so that no server starves the others.
  SERVER_MAX_ARTICLES: setting(int(1, 1_000_000).default(2000)),
  SERVER_MAX_MB: setting(int(1, 100_000).default(200)),
  SERVER_MAX_SOURCES: setting(int(0, 10_000).default(20)),
  // Server libraries are unloaded when idle, least recently used first, past this estimate of their memory.
  SERVER_MEMORY_MB: setting(int(16, 1_000_000).default(512)),
  // A server that removes the bot keeps its library this long (it may invite the bot back), then it is deleted.
  SERVER_GRACE_DAYS: setting(int(0, 3650).default(30)),
  SHARDS: setting(z.union([z.literal("auto"), int(1, 10_000)], { error: "expected auto or a number of shards" }).optional()),
});

export interface BotConfig {
  core: CoreConfig;
  discord: { token: string; clientId: string; guildId?: string; apiBase: string };
  dataDir: string;
  askPerMinute: number;
  searchPerMinute: number;
  maxAnswersInFlight: number;
  askChannelIds: string[];
  moderatorRoleIds: string[];
  /** The servers whose moderators may change the corpus (add, remove, reindex, sources): the list, else DISCORD_GUILD_ID's, else none. */
  /** What each server's own library may hold, and the memory the loaded ones may take. */
  libraries: { limits: { articles: number; bytes: number; sources: number }; memoryBudget: number; graceDays: number };
  corpusAdminGuildIds: string[];
  maxUploadBytes: number;
  /** Hosts (host or host:port) /add-article may download an attachment from. */
  attachmentHosts: string[];
  shutdownGraceMs: number;
  /** How often due sources are synced (0: never on a schedule, only by /sources sync or npm run sync). */
  syncCheckMs: number;
  /** The weekly digest: where, on which day (0 Sunday … 6 Saturday) and at which hour (UTC); none without a channel. */
  digest?: { channelId: string; day: number; hour: number };
  /**
   * Shards to run: unset (one connection), a number, or "auto" (as many as Discord recommends).
   * With the postgres store each shard is a process of its own; with the local one they share
   * this process, so the index is loaded once.
   */
  shards?: number | "auto";
  /** This process is a shard that discord.js's ShardingManager started (it sets SHARDING_MANAGER). */
  shardChild: boolean;
}

/** Validates every setting of the bot, core included, and lists all invalid ones together. */
export function loadBotConfig(env: Env): BotConfig {
  const problems: string[] = [];
  let core: CoreConfig | undefined;
  let bot: z.infer<typeof botEnvSchema> | undefined;
  try {
    core = loadCoreConfig(env);
  } catch (error) {
    problems.push(...((error as { problems?: string[] }).problems ?? [String(error)]));
  }
  // A shard process inherits the manager's environment, where discord.js has set SHARDS to the
  // shard's own ids: that is not this setting, and the shard must not start shards of its own.
  const shardChild = env.SHARDING_MANAGER === "true";
  try {
    bot = parseEnv(botEnvSchema, shardChild ? { ...env, SHARDS: undefined } : env);
  } catch (error) {
    problems.push(...((error as { problems?: string[] }).problems ?? [String(error)]));
  }
  if (problems.length || !core || !bot) throw new ConfigError(problems);
  return {
    core,
    discord: {
      token: bot.DISCORD_TOKEN,
      clientId: bot.DISCORD_CLIENT_ID,
      guildId: bot.DISCORD_GUILD_ID,
      apiBase: bot.DISCORD_API_BASE.replace(/\/+$/, ""),
    },
    dataDir: core.dataDir,
    askPerMinute: bot.ASK_PER_MINUTE,
    searchPerMinute: bot.SEARCH_PER_MINUTE,
    maxAnswersInFlight: bot.MAX_ANSWERS_IN_FLIGHT,
    askChannelIds: bot.ASK_CHANNEL_IDS,
    moderatorRoleIds: bot.MODERATOR_ROLE_IDS,
    corpusAdminGuildIds: bot.CORPUS_ADMIN_GUILD_IDS.length
      ? bot.CORPUS_ADMIN_GUILD_IDS
      : bot.DISCORD_GUILD_ID
        ? [bot.DISCORD_GUILD_ID]
        : [],
    libraries: {
      limits: { articles: bot.SERVER_MAX_ARTICLES, bytes: bot.SERVER_MAX_MB * 1024 * 1024, sources: bot.SERVER_MAX_SOURCES },
      memoryBudget: bot.SERVER_MEMORY_MB * 1024 * 1024,
      graceDays: bot.SERVER_GRACE_DAYS,
    },
    maxUploadBytes: bot.MAX_UPLOAD_BYTES,
    attachmentHosts: bot.DISCORD_ATTACHMENT_HOSTS,
    shutdownGraceMs: bot.SHUTDOWN_GRACE_MS,
    syncCheckMs: bot.SYNC_CHECK_SECONDS * 1000,
    digest: bot.DIGEST_CHANNEL_ID
      ? {
          channelId: bot.DIGEST_CHANNEL_ID,
          day: ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].indexOf(bot.DIGEST_DAY),
          hour: bot.DIGEST_HOUR,
        }
      : undefined,
    shards: bot.SHARDS,
    shardChild,
  };
}
