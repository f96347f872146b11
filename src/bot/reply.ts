import { MessageFlags, type MessageComponentInteraction, type RepliableInteraction } from "discord.js";
import type { Rendered } from "./render.js";
import { LIMITS } from "./limits.js";
import { truncate } from "./text.js";

/** Replies never ping anyone, whatever an answer or an article contains. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

function payload(rendered: Partial<Rendered>) {
  return {
    content: rendered.content === undefined ? undefined : truncate(rendered.content, LIMITS.content),
    embeds: rendered.embeds?.slice(0, LIMITS.embedsPerMessage),
    components: rendered.components?.slice(0, LIMITS.actionRows),
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * The one way the bot answers an interaction: picks reply, editReply or followUp by the
 * interaction's state, keeps every limit, and never mentions anyone.
 */
export async function respond(
  interaction: RepliableInteraction,
  rendered: Partial<Rendered>,
  options: { ephemeral?: boolean } = {},
): Promise<void> {
  const body = payload(rendered);
  // A deferred reply is edited even after earlier edits (discord.js then counts it as replied).
  if (interaction.deferred) {
    await interaction.editReply(body);
  } else if (interaction.replied) {
    await interaction.followUp({ ...body, flags: options.ephemeral ? MessageFlags.Ephemeral : undefined });
  } else {
    await interaction.reply({ ...body, flags: options.ephemeral ? MessageFlags.Ephemeral : undefined });
  }
}

/** Replaces the message a button sits on (pagination). */
export async function updateMessage(interaction: MessageComponentInteraction, rendered: Rendered): Promise<void> {
  await interaction.update(payload(rendered));
}
