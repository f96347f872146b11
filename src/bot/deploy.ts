import { REST, Routes, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import type { BotConfig } from "../config/index.js";

type Discord = BotConfig["discord"];

const routeOf = (discord: Discord) =>
  discord.guildId ? Routes.applicationGuildCommands(discord.clientId, discord.guildId) : Routes.applicationCommands(discord.clientId);

const scopeOf = (discord: Discord) => (discord.guildId ? `server ${discord.guildId}` : "all servers (global)");

/**
 * Registers the commands: to one server when DISCORD_GUILD_ID is set (immediate), otherwise
 * globally (Discord may take a while to show them everywhere).
 */
export async function deployCommands(
  discord: Discord,
  commands: RESTPostAPIApplicationCommandsJSONBody[],
): Promise<{ scope: string; count: number }> {
  const rest = new REST({ api: discord.apiBase }).setToken(discord.token);
  const registered = (await rest.put(routeOf(discord), { body: commands })) as unknown[];
  return { scope: scopeOf(discord), count: registered.length };
}

type Json = Record<string, unknown>;

/** What Discord keeps of an option, defaults filled in, so ours and the registered ones compare. */
function optionShape(o: Json): Json {
  return {
    type: o.type,
    name: o.name,
    description: o.description ?? "",
    required: o.required ?? false,
    autocomplete: o.autocomplete ?? false,
    choices: o.choices ?? [],
    min: [o.min_value, o.max_value, o.min_length, o.max_length].map((v) => v ?? null),
    options: ((o.options as Json[] | undefined) ?? []).map(optionShape),
  };
}

/** A command as it behaves for users: what Discord adds (ids, versions, localisations left empty) left out. */
function commandShape(c: Json): string {
  return JSON.stringify({
    type: c.type ?? 1,
    name: c.name,
    description: c.description ?? "",
    options: ((c.options as Json[] | undefined) ?? []).map(optionShape),
    permissions: c.default_member_permissions ?? null,
    contexts: [...((c.contexts as number[] | null | undefined) ?? [])].sort(),
  });
}

/**
 * Registers the commands when Discord's differ from this version's (a first start, an upgrade),
 * and only then: a start with nothing new makes one read. Says what it did.
 */
export async function syncCommands(
  discord: Discord,
  commands: RESTPostAPIApplicationCommandsJSONBody[],
): Promise<{ scope: string; count: number; changed: boolean }> {
  const rest = new REST({ api: discord.apiBase }).setToken(discord.token);
  const current = (await rest.get(routeOf(discord))) as Json[];
  const shapes = (list: Json[]) => list.map(commandShape).sort().join("\n");
  if (shapes(current) === shapes(commands as unknown as Json[])) return { scope: scopeOf(discord), count: current.length, changed: false };
  return { ...(await deployCommands(discord, commands)), changed: true };
}
