import { PermissionFlagsBits, type Interaction } from "discord.js";

export type Check = { ok: true } | { ok: false; reason: string };

/**
 * Moderators hold Manage Server, or one of the configured roles. Uses the permissions Discord
 * sent with the interaction (`memberPermissions`), not ones recomputed from a cache.
 */
export function checkModerator(interaction: Interaction, roleIds: string[]): Check {
  if (!interaction.inGuild()) return { ok: false, reason: "Moderator commands work only in a server." };
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return { ok: true };
  const roles = interaction.member.roles;
  const held = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  if (roleIds.some((id) => held.includes(id))) return { ok: true };
  return { ok: false, reason: "You need the Manage Server permission to do that." };
}

/** `/ask` may be limited to some channels. */
export function checkChannel(interaction: Interaction, allowed: string[]): Check {
  if (allowed.length === 0 || (interaction.channelId && allowed.includes(interaction.channelId))) return { ok: true };
  return { ok: false, reason: `Questions can be asked in ${allowed.map((id) => `<#${id}>`).join(", ")}.` };
}

/**
 * Only the servers the deployer names may change the corpus every server reads: with commands
 * registered globally, any server that invites the bot has moderators, and they must not edit
 * what the others are answered from. The list is CORPUS_ADMIN_GUILD_IDS, else DISCORD_GUILD_ID's
 * server, else none (the command line still edits it).
 */
export function checkCorpusAdmin(interaction: Interaction, adminGuildIds: string[]): Check {
  if (interaction.guildId && adminGuildIds.includes(interaction.guildId)) return { ok: true };
  return {
    ok: false,
    reason:
      "This server's moderators cannot change the articles: they are shared by every server the bot is in, and the bot's deployer manages them (CORPUS_ADMIN_GUILD_IDS).",
  };
}
