import {
  InteractionContextType,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type SlashCommandOptionsOnlyBuilder,
  type SlashCommandSubcommandsOnlyBuilder,
} from "discord.js";
import type { BotContext, SlashCommand } from "../context.js";
import { checkCorpusAdmin, checkModerator } from "../permissions.js";
import { renderNotice } from "../render.js";
import { respond } from "../reply.js";

/**
 * A moderator command: Discord hides it from members without Manage Server (its default member
 * permission, guild only), and the check runs again on use, for role allow-lists and for servers
 * that changed the command's permissions. A denial becomes one private note.
 */
export function moderatorCommand(
  builder: SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder,
  run: (interaction: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>,
  autocomplete?: SlashCommand["autocomplete"],
  options: { editsCorpus?: boolean } = {},
): SlashCommand {
  return {
    data: builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild).setContexts(InteractionContextType.Guild).toJSON(),
    async execute(interaction, ctx) {
      const allowed = checkModerator(interaction, ctx.config.moderatorRoleIds);
      if (!allowed.ok) return respond(interaction, renderNotice(allowed.reason), { ephemeral: true });
      if (options.editsCorpus) {
        const admin = checkCorpusAdmin(interaction, ctx.config.corpusAdminGuildIds);
        if (!admin.ok) {
          ctx.log.warn(
            { userId: interaction.user.id, guildId: interaction.guildId, command: interaction.commandName },
            "corpus edit refused: not an admin server",
          );
          return respond(interaction, renderNotice(admin.reason), { ephemeral: true });
        }
      }
      await run(interaction, ctx);
    },
    autocomplete,
  };
}
