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
    await respond(interaction, renderArticles(ctx.rag.listArticles(), page, indexFooter(ctx.rag.stats())), { ephemeral: true });
  },
} satisfies SlashCommand;

/** The Previous / Next buttons under /articles. */
export const articlesPage: ButtonHandler = {
  prefix: "articles",
  async execute(interaction, [page], ctx) {
    await updateMessage(interaction, renderArticles(ctx.rag.listArticles(), Number(page) || 1, indexFooter(ctx.rag.stats())));
  },
};
