import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType } from "discord.js";
import { answerInteraction } from "../ask-flow.js";
import type { MessageCommand } from "../context.js";
import { renderNotice } from "../render.js";
import { respond } from "../reply.js";
import { truncate } from "../text.js";

/** Right-click a message → "Ask the articles": checks a claim someone posted against the articles. */
export const askTheArticles = {
  data: new ContextMenuCommandBuilder()
    .setName("Ask the articles")
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute(interaction, ctx) {
    const text = interaction.targetMessage.content.replace(/\s+/g, " ").trim();
    if (!text) return respond(interaction, renderNotice("That message has no text to check."), { ephemeral: true });
    // A long post is cut to the question limit at a word boundary rather than refused.
    const question = truncate(text, ctx.config.core.answer.maxQuestionChars);
    await answerInteraction(interaction, ctx, question, {
      ephemeral: false,
      heading: truncate(`What the articles say about: “${question}”`, 256),
    });
  },
} satisfies MessageCommand;
