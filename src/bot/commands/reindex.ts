import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../context.js";
import { checkModerator } from "../permissions.js";
import { renderIndexReport, renderNotice } from "../render.js";
import { respond } from "../reply.js";

export const reindex = {
  data: new SlashCommandBuilder()
    .setName("reindex")
    .setDescription("Moderators: index changed articles again (questions keep being answered meanwhile).")
    .addBooleanOption((o) => o.setName("full").setDescription("Rebuild everything, not only what changed"))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute(interaction, ctx) {
    const allowed = checkModerator(interaction, ctx.config.moderatorRoleIds);
    if (!allowed.ok) return respond(interaction, renderNotice(allowed.reason), { ephemeral: true });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const report = await ctx.rag.reindex({ full: interaction.options.getBoolean("full") ?? false });
    ctx.log.info({ userId: interaction.user.id, added: report.added.length, changed: report.changed.length, removed: report.removed.length }, "reindexed from Discord");
    await respond(interaction, renderIndexReport("Reindex finished", report));
  },
} satisfies SlashCommand;
