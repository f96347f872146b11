import type { ChatInputCommandInteraction, MessageContextMenuCommandInteraction } from "discord.js";
import type { BotContext } from "./context.js";
import { askChannelCheck } from "./permissions.js";
import type { UserRateLimiter } from "./rate-limit.js";
import { renderNotice } from "./render.js";
import { respond } from "./reply.js";

/**
 * Whether a command that does work may run: in an allowed channel (the server's /settings, else ASK_CHANNEL_IDS), within the
 * user's budget for it. A refusal is one private note, sent here; true means go on (the caller
 * then defers and runs its work through `ctx.inFlight`, the capacity every command shares).
 */
export async function admit(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  ctx: BotContext,
  budget: { limiter: UserRateLimiter; what: string },
): Promise<boolean> {
  // The budget first, before anything is awaited: questions are counted in the order they came.
  const waitMs = budget.limiter.take(interaction.user.id);
  if (waitMs > 0) {
    const text = `You are going quickly: ${budget.limiter.limit} ${budget.what} a minute at most. Try again in ${Math.ceil(waitMs / 1000)} s.`;
    await respond(interaction, renderNotice(text), { ephemeral: true });
    return false;
  }
  const channel = await askChannelCheck(interaction, ctx);
  if (!channel.ok) {
    budget.limiter.refund(interaction.user.id);
    await respond(interaction, renderNotice(channel.reason), { ephemeral: true });
    return false;
  }
  return true;
}

/** What a command that was admitted says when the shared capacity is full. */
export const BUSY = "Too many requests are waiting right now; please try again in a moment.";
