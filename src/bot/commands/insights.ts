import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { buildInsights } from "../../rag/index.js";
import type { BotContext, ButtonHandler } from "../context.js";
import { moderatorCheck } from "../permissions.js";
import { renderNotice } from "../render.js";
import { INSIGHT_PAGES, type InsightPage, renderInsights, renderTrace } from "../render-insights.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

const LOG_OFF = "The question log is off on this bot (QUESTION_LOG=off, or it could not be opened), so there is nothing to show.";
const MAX_DAYS = 365;

/** This server's insights over `days`, as one page. */
async function page(ctx: BotContext, server: string | undefined, days: number, which: InsightPage) {
  const report = await buildInsights(ctx.questions!, (await ctx.library({ guildId: server ?? null })).rag, { server, days });
  return renderInsights(report, which);
}

export const insights = moderatorCommand(
  new SlashCommandBuilder()
    .setName("insights")
    .setDescription("Moderators: what members asked, what the articles could not answer, and what to add.")
    .addIntegerOption((o) => o.setName("days").setDescription("The period, in days (7 by default)").setMinValue(1).setMaxValue(MAX_DAYS))
    .addStringOption((o) =>
      o.setName("answer").setDescription("One logged answer's id (its buttons' key): how it was reached").setMaxLength(40),
    ),
  async (interaction, ctx) => {
    if (!ctx.questions) return respond(interaction, renderNotice(LOG_OFF), { ephemeral: true });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const id = interaction.options.getString("answer")?.trim();
    if (id) {
      const entry = await ctx.questions.get(id);
      // Only this server's answers: another server's questions are not this moderator's to read.
      if (!entry || entry.server !== (interaction.guildId ?? undefined)) {
        return respond(interaction, renderNotice(`No answer with the id "${id.slice(0, 40)}" was logged in this server.`));
      }
      return respond(interaction, renderTrace(entry));
    }
    const days = interaction.options.getInteger("days") ?? 7;
    await respond(interaction, await page(ctx, interaction.guildId ?? undefined, days, "overview"));
  },
);

/** The page buttons of /insights: moderators only (the message is private, but a button id can be replayed). */
export const insightsPage: ButtonHandler = {
  prefix: "insights",
  async execute(interaction, [which, daysText], ctx) {
    const allowed = await moderatorCheck(interaction, ctx);
    if (!allowed.ok) return respond(interaction, renderNotice(allowed.reason), { ephemeral: true });
    if (!ctx.questions) return respond(interaction, renderNotice(LOG_OFF), { ephemeral: true });
    const days = Math.min(MAX_DAYS, Math.max(1, Number(daysText) || 7));
    const target = (INSIGHT_PAGES as readonly string[]).includes(which ?? "") ? (which as InsightPage) : "overview";
    await respond(interaction, await page(ctx, interaction.guildId ?? undefined, days, target), { ephemeral: true });
  },
};
