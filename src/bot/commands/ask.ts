import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from "discord.js";
import { answerInteraction } from "../ask-flow.js";
import { respondWithArticles } from "../autocomplete.js";
import type { SlashCommand } from "../context.js";
import { answersInThread } from "../threads.js";

export const ask = {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask a question; the answer cites the articles it comes from.")
    .addStringOption((o) => o.setName("question").setDescription("Your question").setRequired(true).setMaxLength(1000))
    .addStringOption((o) => o.setName("article").setDescription("Only answer from this article").setAutocomplete(true))
    .addBooleanOption((o) => o.setName("private").setDescription("Only you see the answer"))
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  async execute(interaction, ctx) {
    const chosen = interaction.options.getBoolean("private");
    await answerInteraction(interaction, ctx, interaction.options.getString("question", true), {
      ephemeral: chosen ?? false,
      // A server may make answers private by default (the asker's own choice wins), or answer in threads.
      async settle() {
        const byDefault = interaction.guildId && ctx.libraries ? (await ctx.libraries.settings(interaction.guildId)).privateAnswers : false;
        const ephemeral = chosen ?? byDefault;
        return { ephemeral, inThread: await answersInThread(interaction, ctx, ephemeral) };
      },
      articleId: interaction.options.getString("article") ?? undefined,
      followUps: true,
    });
  },
  async autocomplete(interaction, ctx) {
    await respondWithArticles(interaction, ctx);
  },
} satisfies SlashCommand;
