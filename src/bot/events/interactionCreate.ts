import { join, resolve } from "node:path";
import type { Interaction } from "discord.js";
import { isRagError } from "../../rag/index.js";
import type { BotContext } from "../context.js";
import { BUTTONS, MESSAGE_COMMANDS, SLASH_COMMANDS } from "../commands/index.js";
import { renderNotice } from "../render.js";
import { respond } from "../reply.js";
import { escapeUntrusted } from "../text.js";

// Errors users can act on are shown as they are; anything else is logged and gets a short apology.
const SHOWN_TO_USERS = new Set(["INVALID_INPUT", "REINDEX_IN_PROGRESS", "SYNC_IN_PROGRESS", "INDEX_LOCKED", "NO_ARTICLES"]);

/** The deployer's folders are no business of a server's members: the corpus is "the corpus" in a reply. */
function withoutServerPaths(message: string, ctx: BotContext): string {
  const dir = ctx.config.core.corpus.dir;
  const shared = [resolve(dir), dir].reduce((text, path) => text.split(path).join("the corpus"), message);
  // A server's library lives under the data folder: its path is no business of its members either.
  const servers = [resolve(ctx.config.dataDir), ctx.config.dataDir].map((d) => join(d, "servers"));
  return servers.reduce((text, root) => text.replace(new RegExp(`${escapeRegExp(root)}/\\d+/corpus`, "g"), "the corpus"), shared);
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function nameOf(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent()) return `button:${interaction.customId.split(":")[0]}`;
  return `interaction:${interaction.type}`;
}

async function route(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isChatInputCommand()) {
    const command = SLASH_COMMANDS.find((c) => c.data.name === interaction.commandName);
    if (command) return command.execute(interaction, ctx);
  } else if (interaction.isMessageContextMenuCommand()) {
    const command = MESSAGE_COMMANDS.find((c) => c.data.name === interaction.commandName);
    if (command) return command.execute(interaction, ctx);
  } else if (interaction.isAutocomplete()) {
    const command = SLASH_COMMANDS.find((c) => c.data.name === interaction.commandName);
    return command?.autocomplete ? command.autocomplete(interaction, ctx) : interaction.respond([]);
  } else if (interaction.isButton()) {
    const [prefix, ...args] = interaction.customId.split(":");
    const handler = BUTTONS.find((b) => b.prefix === prefix);
    if (handler) return handler.execute(interaction, args, ctx);
  }
  if (interaction.isRepliable())
    await respond(interaction, renderNotice("This command is not known to this version of the bot."), { ephemeral: true });
}

/** The one catch for every interaction: users get a short message, the log gets the details. */
export async function handleInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const where = { command: nameOf(interaction), userId: interaction.user.id, guildId: interaction.guildId };
  try {
    await route(interaction, ctx);
    ctx.log.debug({ ...where, durationMs: Math.round(performance.now() - started) }, "interaction handled");
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    const shown = isRagError(error) && SHOWN_TO_USERS.has(error.code);
    if (shown) ctx.log.info({ ...where, durationMs, code: error.code }, error.message);
    else ctx.log.error({ ...where, durationMs, err: error }, "interaction failed");
    if (!interaction.isRepliable()) return;
    // The core's messages quote titles, ids and parser reasons: article text, escaped like any.
    const message = shown
      ? escapeUntrusted(withoutServerPaths((error as Error).message, ctx))
      : "Sorry, something went wrong while answering. It has been logged; please try again.";
    await respond(interaction, renderNotice(message, "error"), { ephemeral: true }).catch((replyError: unknown) =>
      ctx.log.warn({ ...where, err: replyError }, "could not tell the user about the error"),
    );
  }
}
