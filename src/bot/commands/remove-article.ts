import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import { articleChoices } from "../autocomplete.js";
import type { SlashCommand } from "../context.js";
import { checkModerator } from "../permissions.js";
import { renderIndexReport, renderNotice } from "../render.js";
import { respond } from "../reply.js";

export const removeArticle = {
  data: new SlashCommandBuilder()
    .setName("remove-article")
    .setDescription("Moderators: remove an article from the corpus and the index.")
    .addStringOption((o) => o.setName("article").setDescription("The article").setRequired(true).setAutocomplete(true))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute(interaction, ctx) {
    const allowed = checkModerator(interaction, ctx.config.moderatorRoleIds);
    if (!allowed.ok) return respond(interaction, renderNotice(allowed.reason), { ephemeral: true });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { article, report } = await ctx.rag.removeArticle(interaction.options.getString("article", true));
    ctx.log.info({ userId: interaction.user.id, articleId: article.id }, "article removed from Discord");
    await respond(interaction, renderIndexReport(`Removed “${article.title}”`, report));
  },
  async autocomplete(interaction, ctx) {
    // Only moderators see titles here; others get no choices.
    const allowed = checkModerator(interaction, ctx.config.moderatorRoleIds);
    await interaction.respond(allowed.ok ? articleChoices(ctx.rag.listArticles(), interaction.options.getFocused()) : []);
  },
} satisfies SlashCommand;
