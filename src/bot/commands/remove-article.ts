import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { respondWithArticles } from "../autocomplete.js";
import { moderatorCheck } from "../permissions.js";
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
    const { rag } = await ctx.library(interaction);
    const { article, report } = await rag.removeArticle(interaction.options.getString("article", true));
    ctx.log.info({ userId: interaction.user.id, guildId: interaction.guildId, articleId: article.id }, "article removed from Discord");
    await respond(interaction, renderIndexReport({ done: "Removed", articles: [article] }, report));
  },
  async (interaction, ctx) => {
    // Only moderators see titles here; others get no choices. A server's own articles only: the shared ones are not its to remove.
    if (!(await moderatorCheck(interaction, ctx)).ok) return interaction.respond([]);
    await respondWithArticles(interaction, ctx, { ownOnly: true });
  },
);
