import { PermissionFlagsBits, type Interaction } from "discord.js";
import type { BotContext } from "./context.js";

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

/** The moderator check with this server's own moderator roles (its /settings) beside the deployer's. */
export async function moderatorCheck(interaction: Interaction, ctx: BotContext): Promise<Check> {
  const own = interaction.guildId && ctx.libraries ? (await ctx.libraries.settings(interaction.guildId)).moderatorRoles : [];
  return checkModerator(interaction, [...ctx.config.moderatorRoleIds, ...own]);
}

/** The channels /ask works in: the server's own choice (its /settings) when it made one, else the deployer's. */
export async function askChannelCheck(interaction: Interaction, ctx: BotContext): Promise<Check> {
  const own = interaction.guildId && ctx.libraries ? (await ctx.libraries.settings(interaction.guildId)).askChannels : [];
  return checkChannel(interaction, own.length ? own : ctx.config.askChannelIds);
}
