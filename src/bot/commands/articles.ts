import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { ButtonHandler, SlashCommand } from "../context.js";
import { indexFooter, renderArticles } from "../render.js";
import { respond, updateMessage } from "../reply.js";

export const articles = {
  data: new SlashCommandBuilder()
    .setName("articles")
    .setDescription("List the indexed articles.")
    .addIntegerOption((o) => o.setName("page").setDescription("Page number").setMinValue(1))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  async execute(interaction, ctx) {
    const page = interaction.options.getInteger("page") ?? 1;
    const { rag } = await ctx.library(interaction);
    // Loaded before listing: a server library is loaded at its first use.
    await rag.freshStats();
    await respond(interaction, renderArticles(rag.listArticles(), page, indexFooter(rag.stats())), { ephemeral: true });
  },
} satisfies SlashCommand;

/** The Previous / Next buttons under /articles. */
export const articlesPage: ButtonHandler = {
  prefix: "articles",
  async execute(interaction, [page], ctx) {
    const { rag } = await ctx.library(interaction);
    await rag.freshStats();
    await updateMessage(interaction, renderArticles(rag.listArticles(), Number(page) || 1, indexFooter(rag.stats())));
  },
};
