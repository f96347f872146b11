import type { ButtonHandler } from "../context.js";
import { renderNotice, renderQuotes } from "../render.js";
import { respond } from "../reply.js";

const EXPIRED = "This answer is no longer in memory (the bot restarted or answered many questions since). Ask again to see its quotes.";

/** "Quotes": the passages behind each citation, shown only to whoever clicked. */
export const quotesButton: ButtonHandler = {
  prefix: "quotes",
  async execute(interaction, [key], ctx) {
    const answer = key ? ctx.answers.get(key) : undefined;
    await respond(interaction, answer ? renderQuotes(answer) : renderNotice(EXPIRED), { ephemeral: true });
  },
};

/** 👍 / 👎: stored with the question, the answer, the user and the time; acknowledged privately. */
export const feedbackButton: ButtonHandler = {
  prefix: "fb",
  async execute(interaction, [vote, key], ctx) {
    const answer = key ? ctx.answers.get(key) : undefined;
    if (!answer || (vote !== "up" && vote !== "down")) return respond(interaction, renderNotice(EXPIRED), { ephemeral: true });
    const outcome = await ctx.feedback.vote({
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
    const thanks = vote === "up" ? "Thanks, glad it helped." : "Thanks; this feedback helps improve the answers.";
    const said = {
      recorded: thanks,
      changed: `Your vote is changed to ${vote === "up" ? "👍" : "👎"}. ${thanks}`,
      unchanged: `You already voted ${vote === "up" ? "👍" : "👎"} on this answer; it counts once.`,
    }[outcome];
    await respond(interaction, renderNotice(said), { ephemeral: true });
  },
};
