import { ButtonStyle, ComponentType } from "discord.js";
import { DOWN_REASONS, type Answer, type DownReason } from "../../rag/index.js";
import type { BotContext, ButtonHandler } from "../context.js";
import { renderNotice, renderQuotes } from "../render.js";
import { respond } from "../reply.js";

const EXPIRED = "This answer is no longer kept (it is older than the log keeps, or the log is off). Ask again to see its quotes.";

/**
 * An answer by its buttons' key: in memory, else from the question log (the buttons work after a
 * restart). Only in the server it was given in: a key copied into another server's button is
 * another server's answer, and shows nothing.
 */
async function answerOf(key: string | undefined, interaction: { guildId: string | null }, ctx: BotContext): Promise<Answer | undefined> {
  if (!key) return undefined;
  const kept = ctx.answers.get(key, interaction.guildId);
  if (kept) return kept;
  const logged = await ctx.questions?.get(key);
  return logged && (logged.server ?? null) === interaction.guildId ? logged.full : undefined;
}

/** "Quotes": the passages behind each citation, shown only to whoever clicked. */
export const quotesButton: ButtonHandler = {
  prefix: "quotes",
  async execute(interaction, [key], ctx) {
    const answer = await answerOf(key, interaction, ctx);
    await respond(interaction, answer ? renderQuotes(answer) : renderNotice(EXPIRED), { ephemeral: true });
  },
};

const REASON_LABELS: Record<DownReason, string> = {
  wrong: "Wrong",
  "not-in-articles": "Not in the articles",
  outdated: "Outdated",
  "badly-cited": "Badly cited",
};

/** After a 👎, the choice of why, privately: stored with the vote. */
const whyChoice = (key: string) => ({
  ...renderNotice("Thanks. What was wrong with it? (optional)"),
  components: [
    {
      type: ComponentType.ActionRow as const,
      components: DOWN_REASONS.map((r) => ({
        type: ComponentType.Button as const,
        custom_id: `why:${r}:${key}`,
        label: REASON_LABELS[r],
        style: ButtonStyle.Secondary as const,
      })),
    },
  ],
});

/** 👍 / 👎: stored with the question, the answer, the user (hashed) and the time; acknowledged privately. */
export const feedbackButton: ButtonHandler = {
  prefix: "fb",
  async execute(interaction, [vote, key], ctx) {
    const answer = await answerOf(key, interaction, ctx);
    if (!answer || (vote !== "up" && vote !== "down")) return respond(interaction, renderNotice(EXPIRED), { ephemeral: true });
    const outcome = ctx.questions
      ? await ctx.questions.vote(key!, interaction.user.id, vote)
      : await ctx.feedback.vote({
          time: new Date().toISOString(),
          vote,
          answerKey: key!,
          userId: interaction.user.id,
          guildId: interaction.guildId,
          channelId: interaction.channelId,
          question: answer.question,
          answer: answer.answer,
          answerer: answer.answerer,
          citedArticles: answer.citations.map((c) => c.articleId),
        });
    if (outcome === "failed")
      return respond(interaction, renderNotice("Your vote could not be stored just now; please try again later."), { ephemeral: true });
    if (vote === "down" && outcome !== "unchanged" && ctx.questions) return respond(interaction, whyChoice(key!), { ephemeral: true });
    const thanks = vote === "up" ? "Thanks, glad it helped." : "Thanks; this feedback helps improve the answers.";
    const said = {
      recorded: thanks,
      changed: `Your vote is changed to ${vote === "up" ? "👍" : "👎"}. ${thanks}`,
      unchanged: `You already voted ${vote === "up" ? "👍" : "👎"} on this answer; it counts once.`,
    }[outcome];
    await respond(interaction, renderNotice(said), { ephemeral: true });
  },
};

/** Why a 👎: stored with the member's vote, and acknowledged privately. */
export const whyButton: ButtonHandler = {
  prefix: "why",
  async execute(interaction, [reason, key], ctx) {
    if (!key || !ctx.questions || !(DOWN_REASONS as readonly string[]).includes(reason ?? "")) {
      return respond(interaction, renderNotice(EXPIRED), { ephemeral: true });
    }
    const stored = await ctx.questions.reason(key, interaction.user.id, reason as DownReason);
    await respond(
      interaction,
      renderNotice(
        stored
          ? `Noted: ${REASON_LABELS[reason as DownReason].toLowerCase()}. Thanks.`
          : "Vote 👎 on the answer first; the reason goes with the vote.",
      ),
      { ephemeral: true },
    );
  },
};
