import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../context.js";
import { indexFooter, renderSearch } from "../render.js";
import { respond } from "../reply.js";

export const search = {
  data: new SlashCommandBuilder()
    .setName("search")
    .setDescription("Show the passages that best match a query.")
    .addStringOption((o) => o.setName("query").setDescription("What to look for").setRequired(true).setMaxLength(500))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  async execute(interaction, ctx) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const query = interaction.options.getString("query", true);
    const hits = await ctx.rag.search(query, { k: 5 });
    await respond(interaction, renderSearch(query, hits, indexFooter(ctx.rag.stats())));
  },
} satisfies SlashCommand;
