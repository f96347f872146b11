import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { renderIndexReport } from "../render.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

export const reindex = moderatorCommand(
  new SlashCommandBuilder()
    .setName("reindex")
    .setDescription("Moderators: index changed articles again (questions keep being answered meanwhile).")
    .addBooleanOption((o) => o.setName("full").setDescription("Rebuild everything, not only what changed")),
  async (interaction, ctx) => {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const report = await ctx.rag.reindex({ full: interaction.options.getBoolean("full") ?? false });
    ctx.log.info(
      { userId: interaction.user.id, added: report.added.length, changed: report.changed.length, removed: report.removed.length },
      "reindexed from Discord",
    );
    await respond(interaction, renderIndexReport({ done: "Reindex finished" }, report));
  },
);
