import { type Message, Routes } from "discord.js";
import { BUSY } from "../admission.js";
import type { BotContext } from "../context.js";
import { LIMITS } from "../limits.js";
import { howRead, indexFooter, renderAnswer, renderNotice, type Rendered } from "../render.js";
import { THREAD_TURNS } from "../threads.js";

/** Replies in a thread name the message they answer, and ping no one (not even its author). */
function replyTo(message: Message, threadId: string) {
  return async (rendered: Partial<Rendered>) => {
    await message.client.rest.post(Routes.channelMessages(threadId), {
      body: {
        content: rendered.content,
        embeds: rendered.embeds?.slice(0, LIMITS.embedsPerMessage),
        components: rendered.components?.slice(0, LIMITS.actionRows),
        message_reference: { message_id: message.id, fail_if_not_exists: false },
        allowed_mentions: { parse: [], replied_user: false },
      },
    });
  };
}

/**
 * A follow-up without a command: in a thread the bot opened for an answer, a member's reply to the
 * bot or mention of it is a question, answered with the thread's earlier turns. Messages that
 * mention the bot carry their content without the privileged intent; others are not read.
 */
export async function handleMessage(message: Message, ctx: BotContext): Promise<void> {
  const botId = message.client.user?.id;
  if (!botId || message.author.bot || !message.inGuild()) return;
  if (!message.mentions.users.has(botId) && message.mentions.repliedUser?.id !== botId) return;
  const thread = await ctx.threads.of(message, message.client);
  if (!thread) return;
  const say = replyTo(message, thread.threadId);
  const question = message.content
    .replace(new RegExp(`<@!?${botId}>`, "g"), " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!question) return say(renderNotice("Ask a question with the mention, and I answer it from the articles."));
  if (question.length > ctx.config.core.answer.maxQuestionChars)
    return say(renderNotice(`Questions can be at most ${ctx.config.core.answer.maxQuestionChars} characters long.`));
  const waitMs = ctx.limiter.take(message.author.id);
  if (waitMs > 0)
    return say(
      renderNotice(`You are going quickly: ${ctx.limiter.limit} questions a minute at most. Try again in ${Math.ceil(waitMs / 1000)} s.`),
    );
  const started = performance.now();
  const { rag } = await ctx.library({ guildId: message.guildId });
  const ran = await ctx.inFlight.run(async () => {
    const history = ctx.conversations.history(thread.threadId, THREAD_TURNS);
    const traced = await rag.ask(question, { asOf: message.createdAt, history, trace: !!ctx.questions });
    const { trace: _trace, ...answer } = traced;
    ctx.conversations.addAnswer(thread.threadId, THREAD_TURNS, question, answer);
    const key = ctx.answers.remember(answer, message.guildId);
    await say(renderAnswer(answer, { key, footer: indexFooter(rag.stats(), howRead(answer)) }));
    void ctx.questions?.record({
      id: key,
      at: message.createdAt,
      server: message.guildId,
      channel: thread.threadId,
      userId: message.author.id,
      answer: traced,
      latencyMs: performance.now() - started,
      llm: answer.answerer === "llm" ? rag.llm : undefined,
    });
  });
  if (!ran) await say(renderNotice(BUSY));
}
