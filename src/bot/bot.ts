import { Client, Events, GatewayIntentBits, type RESTOptions } from "discord.js";
import type { BotConfig } from "../config/index.js";
import { createLibraries, type Libraries, type Logger, type Rag, type RagDeps } from "../rag/index.js";
import { RecentAnswers } from "./answers.js";
import { Conversations } from "./conversations.js";
import { AnswerThreads } from "./threads.js";
import type { BotContext } from "./context.js";
import { handleReady } from "./events/clientReady.js";
import { syncCommands } from "./deploy.js";
import { COMMAND_DEFINITIONS } from "./commands/index.js";
import { handleInteraction } from "./events/interactionCreate.js";
import { handleMessage } from "./events/messageCreate.js";
import { FeedbackLog } from "./feedback.js";
import { InFlight, UserRateLimiter } from "./rate-limit.js";
import { NO_MENTIONS } from "./reply.js";
import { renderNotice } from "./render.js";
import { respond } from "./reply.js";
import { internalSharding } from "./shards.js";
import { startSyncSchedule } from "./sync-schedule.js";
import { startQuestionLog } from "./question-log.js";
import { startDigest } from "./digest.js";

/** Deletes the libraries of servers left longer ago than the grace period: at start, then daily. */
function startPruningLeft(libraries: Libraries, graceDays: number, log: Logger): { stop(): void } {
  const prune = () =>
    void libraries
      .pruneLeft(graceDays)
      .catch((error: unknown) => log.warn({ err: (error as Error).message }, "could not prune left servers"));
  prune();
  const timer = setInterval(prune, 86_400_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export interface Bot {
  client: Client;
  ctx: BotContext;
  /** Logs in and resolves once the bot is ready; rejects with a clear message on a bad token. */
  start(): Promise<void>;
  /** Stops taking interactions, lets those in flight finish (bounded), and disconnects. */
  shutdown(): Promise<void>;
  /** The weekly digest, once started (a digest channel is set and the question log is on). */
  digest?: ReturnType<typeof startDigest>;
}

/**
 * Creates the bot around a ready core (the shared corpus). `rest` overrides REST options (tests
 * raise the rate limit); `libraryDeps` are what servers' libraries are made with beside the
 * shared core's embedder (tests give a fetcher, a clock).
 */
export function createBot(
  config: BotConfig,
  rag: Rag,
  log: Logger,
  rest: Partial<RESTOptions> = {},
  libraryDeps: Omit<RagDeps, "library" | "embedder" | "log"> = {},
): Bot {
  const client = new Client({
    // GuildMessages (not privileged): a reply to the bot or a mention of it in its answer threads
    // is a follow-up; only such messages carry their content without the Message Content intent.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    rest: { api: config.discord.apiBase, ...rest },
    allowedMentions: NO_MENTIONS,
    ...internalSharding(config),
  });
  const ctx: BotContext = {
    rag,
    config,
    log,
    limiter: new UserRateLimiter(config.askPerMinute),
    searchLimiter: new UserRateLimiter(config.searchPerMinute),
    // Discord sends one per keystroke: ten a second is a fast typist, more is a script.
    autocompleteLimiter: new UserRateLimiter(10, 1000),
    inFlight: new InFlight(config.maxAnswersInFlight),
    answers: new RecentAnswers(),
    conversations: new Conversations(),
    threads: new AnswerThreads(),
    feedback: new FeedbackLog(config.dataDir),
    onShutdown: new Set(),
    async library(interaction) {
      // Before start() (never in use): the shared corpus.
      return ctx.libraries ? ctx.libraries.forServer(interaction.guildId) : { rag, kind: "shared" };
    },
  };
  let closing = false;
  const pending = new Set<Promise<void>>();
  let schedule: { stop(): void } | undefined;
  let questionLog: { stop(): Promise<void> } | undefined;
  let pruning: { stop(): void } | undefined;

  client.on(Events.InteractionCreate, (interaction) => {
    if (closing) {
      if (interaction.isRepliable())
        void respond(interaction, renderNotice("The bot is restarting; please ask again in a minute."), { ephemeral: true }).catch(
          () => undefined,
        );
      return;
    }
    const work = handleInteraction(interaction, ctx).finally(() => pending.delete(work));
    pending.add(work);
  });
  client.on(Events.MessageCreate, (message) => {
    if (closing || message.author.bot) return;
    const work = handleMessage(message, ctx)
      .catch((error: unknown) =>
        log.error({ err: error, guildId: message.guildId, channelId: message.channelId }, "a follow-up in a thread failed"),
      )
      .finally(() => pending.delete(work));
    pending.add(work);
  });
  // Removed from a server: its library is kept for the grace period (it may invite the bot back), then deleted.
  client.on(Events.GuildDelete, (guild) => {
    void ctx.libraries
      ?.serverLeft(guild.id)
      .catch((error: unknown) => log.warn({ err: (error as Error).message }, "could not mark a server left"));
  });
  client.on(Events.GuildCreate, (guild) => {
    void ctx.libraries?.serverJoined(guild.id).catch(() => undefined);
  });
  client.on(Events.Error, (error) => log.error({ err: error }, "Discord client error"));
  client.on(Events.Warn, (message) => log.warn(message));

  const bot: Bot = {
    client,
    ctx,
    async start() {
      ctx.libraries = await createLibraries(
        config.core,
        rag,
        { adminServers: config.corpusAdminGuildIds, ...config.libraries },
        { log, ...libraryDeps },
      );
      pruning = startPruningLeft(ctx.libraries, config.libraries.graceDays, log);
      const opened = await startQuestionLog(config, log);
      questionLog = opened;
      ctx.questions = opened.questions;
      const ready = new Promise<void>((resolve) =>
        client.once(Events.ClientReady, (c) => {
          handleReady(c, ctx);
          resolve();
        }),
      );
      try {
        await client.login(config.discord.token);
      } catch (error) {
        const message = (error as Error).message;
        const invalid = /token|401|Authentication failed/i.test(message) || (error as { code?: string }).code === "TokenInvalid";
        throw new Error(
          invalid ? `Discord rejected the bot token (DISCORD_TOKEN): ${message}` : `Could not connect to Discord: ${message}`,
          { cause: error },
        );
      }
      await ready;
      if (config.syncCheckMs > 0) schedule = startSyncSchedule({ rag, libraries: ctx.libraries, client, log }, config.syncCheckMs);
      if (config.digest && ctx.questions) {
        // One server's digest when the bot is deployed for one (DISCORD_GUILD_ID), else all of them.
        bot.digest = startDigest({
          client,
          rag,
          questions: ctx.questions,
          log,
          dataDir: config.dataDir,
          ...config.digest,
          server: config.discord.guildId,
        });
      }
      // One process registers (the one holding shard 0): a newcomer who never ran
      // deploy-commands still gets commands, and a start with nothing new changes nothing.
      if (!client.shard || client.shard.ids.includes(0)) {
        try {
          const synced = await syncCommands(config.discord, COMMAND_DEFINITIONS);
          if (synced.changed)
            log.info({ scope: synced.scope, commands: synced.count }, `registered ${synced.count} commands for ${synced.scope}`);
          else log.debug({ scope: synced.scope }, `the ${synced.count} commands registered for ${synced.scope} are current`);
        } catch (error) {
          log.warn(
            { err: (error as Error).message },
            "could not check the commands registered with Discord; run npm run deploy-commands if they do not show",
          );
        }
      }
    },
    async shutdown() {
      closing = true;
      schedule?.stop();
      pruning?.stop();
      bot.digest?.stop();
      // Work that will outlive the grace period (a reindex embedding for hours) says so before the connection goes.
      await Promise.allSettled([...ctx.onShutdown].map((say) => say()));
      const finished = await Promise.race([
        Promise.allSettled([...pending]).then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.shutdownGraceMs).unref()),
      ]);
      if (!finished) log.warn({ pending: pending.size }, "shutdown: gave up waiting for interactions in flight");
      await client.destroy();
      await questionLog?.stop();
      await ctx.libraries?.close();
    },
  };
  return bot;
}
