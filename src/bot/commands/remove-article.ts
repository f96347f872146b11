import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { respondWithArticles } from "../autocomplete.js";
import { checkCorpusAdmin, checkModerator } from "../permissions.js";
import { renderIndexReport } from "../render.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

export const removeArticle = moderatorCommand(
  new SlashCommandBuilder()
    .setName("remove-article")
    .setDescription("Moderators: remove an article from the corpus and the index.")
    .addStringOption((o) => o.setName("article").setDescription("The article").setRequired(true).setAutocomplete(true)),
  async (interaction, ctx) => {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { article, report } = await ctx.rag.removeArticle(interaction.options.getString("article", true));
    ctx.log.info({ userId: interaction.user.id, articleId: article.id }, "article removed from Discord");
    await respond(interaction, renderIndexReport({ done: "Removed", articles: [article] }, report));
  },
  async (interaction, ctx) => {
    // Only moderators see titles here; others get no choices.
    const allowed = checkModerator(interaction, ctx.config.moderatorRoleIds);
    if (!allowed.ok || !checkCorpusAdmin(interaction, ctx.config.corpusAdminGuildIds).ok) return interaction.respond([]);
    await respondWithArticles(interaction, ctx);
  },
  { editsCorpus: true },
);
