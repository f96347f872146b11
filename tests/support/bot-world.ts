import { join } from "node:path";
import { loadBotConfig, type BotConfig } from "../../src/config/index.js";
import { createBot, type Bot } from "../../src/bot/bot.js";
import { createRag, silentLogger, type Logger, type Rag } from "../../src/rag/index.js";
import { article, copyBundledCorpus, makeTempDir, writeFiles } from "./corpus.js";
import { createFakeEmbedder } from "./fake-embedder.js";
import { APP_ID, FakeDiscord, GUILD_ID, MANAGE_GUILD, type RecordedCall } from "./fake-discord.js";

/** A member with Manage Server, as moderators are. */
export const MODERATOR = { permissions: MANAGE_GUILD, userId: "300000000000000099" };

/** The real bot against a fake Discord, over a copy of the bundled corpus. */
export interface World {
  discord: FakeDiscord;
  bot: Bot;
  rag: Rag;
  config: BotConfig;
  corpusDir: string;
  errors: unknown[];
}

/** Starts a world; `env` overrides settings, `slowEmbedMs` slows every embedding call, `files` are added to the corpus. */
export async function startWorld(
  env: Record<string, string> = {},
  options: { slowEmbedMs?: number; files?: Record<string, string>; log?: Logger; reuse?: World } = {},
): Promise<World> {
  const discord = new FakeDiscord();
  await discord.start();
  // `reuse`: a restart, over the stopped world's corpus, index and data folders.
  const root = makeTempDir();
  const corpusDir = options.reuse?.corpusDir ?? copyBundledCorpus();
  if (!options.reuse)
    writeFiles(corpusDir, {
      "pings.md": article(
        "Server etiquette notice",
        "The moderators wrote @everyone and @here and <@&123456789012345678> in a notice about pings.",
      ),
      ...options.files,
    });
  const config = loadBotConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: options.reuse?.config.core.index.dir ?? join(root, "index"),
    DATA_DIR: options.reuse?.config.dataDir ?? join(root, "data"),
    DISCORD_TOKEN: discord.token,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_API_BASE: discord.apiBase,
    DISCORD_ATTACHMENT_HOSTS: new URL(discord.apiBase).host,
    ASK_PER_MINUTE: "1000",
    ...env,
  });
  const embedder = createFakeEmbedder();
  const slow = options.slowEmbedMs ?? 0;
  if (slow) {
    const original = embedder.embeddings.embedDocuments.bind(embedder.embeddings);
    embedder.embeddings.embedDocuments = async (texts) => {
      await new Promise((r) => setTimeout(r, slow));
      return original(texts);
    };
  }
  const log = options.log ?? silentLogger;
  const rag = await createRag(config.core, { embedder, log });
  await rag.ensureIndex();
  const bot = createBot(config, rag, log, { globalRequestsPerSecond: 10_000 });
  const errors: unknown[] = [];
  bot.client.on("error", (e) => errors.push(e));
  await bot.start();
  return { discord, bot, rag, config, corpusDir, errors };
}

export async function stopWorld(w: World): Promise<void> {
  await w.bot.shutdown();
  await w.discord.stop();
}

/** The interaction's callback (its acknowledgement or immediate reply). */
export const callback = (w: World, i: { id: string }) =>
  w.discord.waitFor((c) => c.path.startsWith(`/interactions/${i.id}/`) && c.path.endsWith("/callback"));
/** An edit of the interaction's reply. */
const edit = (w: World, i: { token: string }, match: (c: RecordedCall) => boolean = () => true, timeoutMs?: number) =>
  w.discord.waitFor((c) => c.method === "PATCH" && c.path.includes(`/${i.token}/messages/@original`) && match(c), timeoutMs);
/** The edit that carries the reply's embed (the answer, the report). */
export const finalEdit = (w: World, i: { token: string }, timeoutMs?: number) =>
  edit(w, i, (c) => (c.body.embeds ?? []).length > 0, timeoutMs);

/** Sends an interaction and returns it. */
export function send<T extends { id: string; token: string }>(w: World, interaction: T): T {
  w.discord.sendInteraction(interaction as never);
  return interaction;
}
