import {
  InteractionContextType,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type SlashCommandOptionsOnlyBuilder,
  type SlashCommandSubcommandsOnlyBuilder,
} from "discord.js";
import type { BotContext, SlashCommand } from "../context.js";
import { moderatorCheck } from "../permissions.js";
import { renderNotice } from "../render.js";
import { respond } from "../reply.js";

/**
 * A moderator command: Discord hides it from members without Manage Server (its default member
 * permission, guild only), and the check runs again on use, for role allow-lists and for servers
 * that changed the command's permissions. A denial becomes one private note. What a moderator
 * changes is their own server's library (the shared corpus only in the servers the deployer names).
 */
export function moderatorCommand(
  builder: SlashCommandOptionsOnlyBuilder | SlashCommandSubcommandsOnlyBuilder,
  run: (interaction: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>,
  autocomplete?: SlashCommand["autocomplete"],
): SlashCommand {
  return {
    data: builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild).setContexts(InteractionContextType.Guild).toJSON(),
    async execute(interaction, ctx) {
      const allowed = await moderatorCheck(interaction, ctx);
      if (!allowed.ok) {
        ctx.log.info(
          { userId: interaction.user.id, guildId: interaction.guildId, command: interaction.commandName },
          "moderator command refused",
        );
        return respond(interaction, renderNotice(allowed.reason), { ephemeral: true });
      }
      await run(interaction, ctx);
    },
    autocomplete,
  };
}
