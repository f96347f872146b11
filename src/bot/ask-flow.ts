import { MessageFlags, type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction } from "discord.js";
import type { AskOptions } from "../rag/index.js";
import type { BotContext } from "./context.js";
import { STREAM_EDIT_INTERVAL_MS, LIMITS } from "./limits.js";
import { admit, BUSY } from "./admission.js";
import { howRead, indexFooter, renderAnswer, renderNotice } from "./render.js";
import { NO_MENTIONS, respond } from "./reply.js";
import { escapeUntrusted, truncate } from "./text.js";
import { openAnswerThread, THREAD_TURNS } from "./threads.js";

type AskInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

/**
 * The shared path of /ask and "Ask the articles": channel, cooldown and capacity checks (each a
 * short private note, never silence), an immediate deferral, then the answer, streamed into the
 * reply about once a second when an LLM writes it.
 */
export async function answerInteraction(
  interaction: AskInteraction,
  ctx: BotContext,
  question: string,
  asked: {
    ephemeral: boolean;
    articleId?: string;
    heading?: string;
    followUps?: boolean;
    /** Read once the question is admitted: the server's settings may make it private, or answered in a thread. */
    settle?: () => Promise<{ ephemeral: boolean; inThread: boolean }>;
  },
): Promise<void> {
  if (!(await admit(interaction, ctx, { limiter: ctx.limiter, what: "questions" }))) return;
  const options = { ...asked, inThread: false, ...(await asked.settle?.()) };
  // Defer at once: Discord wants an acknowledgement within 3 s, and the answer may wait its turn.
  await interaction.deferReply({ flags: options.ephemeral ? MessageFlags.Ephemeral : undefined });
  const started = performance.now();
  const { rag } = await ctx.library(interaction);
  const ran = await ctx.inFlight.run(async () => {
    // As of when it was asked: nothing published later is used, and recent articles are preferred.
    const channelId = interaction.channelId ?? "dm";
    // The user's earlier turns here (a thread, a channel): a follow-up is read with what it follows.
    const history = options.followUps ? ctx.conversations.history(channelId, interaction.user.id) : [];
    const askOptions: AskOptions = { articleId: options.articleId, asOf: interaction.createdAt, history };
    let edits = Promise.resolve();
    if (rag.llm) {
      let last = 0;
      askOptions.onPartial = (text) => {
        const now = Date.now();
        if (now - last < STREAM_EDIT_INTERVAL_MS) return;
        last = now;
        // Chained, so a late partial edit can never land after the final answer.
        edits = edits.then(() =>
          interaction.editReply({ content: truncate(`${escapeUntrusted(text)} ▌`, LIMITS.content), allowedMentions: NO_MENTIONS }).then(
            () => undefined,
            () => undefined,
          ),
        );
      };
    }
    // With its trace when it is logged (the moderators' trace view); the trace itself is never shown to members.
    const traced = await rag.ask(question, { ...askOptions, trace: !!ctx.questions });
    const { trace: _trace, ...answer } = traced;
    await edits;
    if (options.followUps) ctx.conversations.addAnswer(channelId, interaction.user.id, question, answer);
    const key = ctx.answers.remember(answer, interaction.guildId);
    const rendered = renderAnswer(answer, { key, footer: indexFooter(rag.stats(), howRead(answer)), heading: options.heading });
    await respond(interaction, { ...rendered, content: "" });
    if (options.inThread && interaction.isChatInputCommand()) {
      // The thread hangs from the answer; its follow-ups are read with the thread's turns, whoever asks.
      try {
        const threadId = await openAnswerThread(interaction, question);
        ctx.threads.remember(threadId, interaction.channelId);
        ctx.conversations.addAnswer(threadId, THREAD_TURNS, question, answer);
      } catch (error) {
        // No permission to make threads here, say: the answer stands where it is.
        ctx.log.warn(
          { guildId: interaction.guildId, channelId: interaction.channelId, err: (error as Error).message },
          "could not open a thread",
        );
      }
    }
    // Logged once the answer is out: a slow or broken log never holds it up.
    void ctx.questions?.record({
      id: key,
      at: interaction.createdAt,
      server: interaction.guildId ?? undefined,
      channel: interaction.channelId ?? undefined,
      userId: interaction.user.id,
      answer: traced,
      latencyMs: performance.now() - started,
      llm: answer.answerer === "llm" ? rag.llm : undefined,
    });
  });
  if (!ran) {
    await respond(interaction, renderNotice(BUSY));
  }
}
