import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { SlashCommand } from "../context.js";
import { renderStatus } from "../render.js";
import { respond } from "../reply.js";

/** /status: the index at a glance, for everyone (privately). */
export const status = {
  data: new SlashCommandBuilder()
    .setName("status")
    .setDescription("How many articles are indexed, with which embedder, how fresh, and where.")
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  async execute(interaction, ctx) {
    const { rag } = await ctx.library(interaction);
    await respond(interaction, renderStatus(await rag.freshStats(), rag.llm), { ephemeral: true });
  },
} satisfies SlashCommand;
