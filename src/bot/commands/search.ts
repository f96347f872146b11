import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../context.js";
import { admit, BUSY } from "../admission.js";
import { indexFooter, renderNotice, renderSearch } from "../render.js";
import { respond } from "../reply.js";

export const search = {
  data: new SlashCommandBuilder()
    .setName("search")
    .setDescription("Show the passages that best match a query.")
    .addStringOption((o) => o.setName("query").setDescription("What to look for").setRequired(true).setMaxLength(500))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  async execute(interaction, ctx) {
    // The same channels as /ask, a budget of its own, and the capacity every answer shares.
    if (!(await admit(interaction, ctx, { limiter: ctx.searchLimiter, what: "searches" }))) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const query = interaction.options.getString("query", true);
    const ran = await ctx.inFlight.run(async () => {
      const { rag } = await ctx.library(interaction);
      const hits = await rag.search(query, { k: 5 });
      await respond(interaction, renderSearch(query, hits, indexFooter(rag.stats())));
    });
    if (!ran) await respond(interaction, renderNotice(BUSY));
  },
} satisfies SlashCommand;
