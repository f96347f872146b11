import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import type { BotConfig } from "../config/index.js";

/**
 * Registers the commands: to one server when DISCORD_GUILD_ID is set (immediate), otherwise
 * globally (Discord may take a while to show them everywhere).
 */
export async function deployCommands(
  discord: BotConfig["discord"],
  commands: RESTPostAPIApplicationCommandsJSONBody[],
): Promise<{ scope: string; count: number }> {
  const rest = new REST({ api: discord.apiBase }).setToken(discord.token);
  const route = discord.guildId
    ? Routes.applicationGuildCommands(discord.clientId, discord.guildId)
    : Routes.applicationCommands(discord.clientId);
  const registered = (await rest.put(route, { body: commands })) as unknown[];
  return { scope: discord.guildId ? `server ${discord.guildId}` : "all servers (global)", count: registered.length };
}
