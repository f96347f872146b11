import { ChannelType, type ChatInputCommandInteraction, type Client, type Message, Routes } from "discord.js";
import { LRUCache } from "lru-cache";
import type { BotContext } from "./context.js";
import { LIMITS } from "./limits.js";
import { clamp } from "./text.js";

/** A thread's turns are everyone's in it: one conversation, kept under this user key. */
export const THREAD_TURNS = "thread";

/** How long a thread the bot opens stays open without activity (a day), as Discord counts it. */
const AUTO_ARCHIVE_MINUTES = 1440;

/**
 * The threads the bot opened for answers, so a member's reply or mention there is read as a
 * follow-up. Remembered here, and (after a restart) recognised by their owner: the bot.
 */
export class AnswerThreads {
  private readonly ids = new LRUCache<string, { parentId: string }>({ max: 10_000 });

  remember(threadId: string, parentId: string): void {
    this.ids.set(threadId, { parentId });
  }

  /** The thread a message was posted in, when the bot opened it: its id and the channel it hangs from. */
  async of(message: Message, client: Client): Promise<{ threadId: string; parentId: string } | undefined> {
    const known = this.ids.get(message.channelId);
    if (known) return { threadId: message.channelId, ...known };
    const channel = message.channel ?? (await client.channels.fetch(message.channelId).catch(() => null));
    if (!channel?.isThread() || channel.ownerId !== client.user?.id || !channel.parentId) return undefined;
    this.remember(channel.id, channel.parentId);
    return { threadId: channel.id, parentId: channel.parentId };
  }
}

/** Whether /ask here should answer in a thread: the server turned it on, the answer is public, the channel takes threads. */
export async function answersInThread(interaction: ChatInputCommandInteraction, ctx: BotContext, ephemeral: boolean): Promise<boolean> {
  if (ephemeral || !interaction.guildId || !ctx.libraries) return false;
  if (!(await ctx.libraries.settings(interaction.guildId)).threads) return false;
  return interaction.channel?.type === ChannelType.GuildText;
}

/**
 * Opens a thread on the answer just sent, named after the question: the answer heads it, and
 * replies to the bot or mentions of it there are answered as follow-ups. Returns the thread's id.
 */
export async function openAnswerThread(interaction: ChatInputCommandInteraction, question: string): Promise<string> {
  const reply = await interaction.fetchReply();
  const name = clamp(question.replace(/\s+/g, " ").trim() || "Question", LIMITS.threadName);
  const thread = (await interaction.client.rest.post(Routes.threads(interaction.channelId, reply.id), {
    body: { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES },
  })) as { id: string };
  await interaction.client.rest.post(Routes.channelMessages(thread.id), {
    body: {
      content: "Reply to me here, or mention me, to ask a follow-up: I read it with this thread's earlier questions.",
      allowed_mentions: { parse: [] },
    },
  });
  return thread.id;
}
