import { ChannelType, MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from "discord.js";
import type { ServerSettings } from "../../rag/index.js";
import type { BotContext } from "../context.js";
import { renderNotice } from "../render.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

/** At most this many channels or roles in one list (the settings file keeps no more). */
const MAX_LISTED = 25;

const onOff = (value: boolean) => (value ? "on" : "off");
const channels = (ids: string[]) => (ids.length ? ids.map((id) => `<#${id}>`).join(", ") : "every channel");
const roles = (ids: string[]) => (ids.length ? ids.map((id) => `<@&${id}>`).join(", ") : "none (Manage Server only)");

/** The settings as one private reply: mentions render as names and ping no one (replies allow no mentions). */
function describe(settings: ServerSettings, managesShared: boolean): string {
  return [
    managesShared
      ? "**Library**: this server manages the shared articles every server can read."
      : `**Shared articles**: ${onOff(settings.useShared)} (answers also read the bot's shared articles beside this server's own)`,
    `**/ask works in**: ${channels(settings.askChannels)}`,
    `**Moderator roles**: ${roles(settings.moderatorRoles)}`,
    `**Private answers by default**: ${onOff(settings.privateAnswers)}`,
    `**Answers in threads**: ${onOff(settings.threads)} (/ask in a text channel opens a thread; replies and mentions there are follow-ups)`,
    `**Sync reports go to**: ${settings.reportChannel ? `<#${settings.reportChannel}>` : "nowhere (see /sources list)"}`,
    settings.changedBy
      ? `Last changed by <@${settings.changedBy}> on ${settings.changedAt?.slice(0, 10)}.`
      : "Nothing changed yet: these are the defaults.",
  ].join("\n");
}

/** A list setting after adding, removing or clearing one id. */
function edited(list: string[], action: string, id: string | undefined): string[] | string {
  if (action === "clear") return [];
  if (!id) return "Name the channel or role to add or remove.";
  if (action === "add")
    return list.includes(id) ? list : list.length >= MAX_LISTED ? `At most ${MAX_LISTED} can be listed.` : [...list, id];
  return list.filter((x) => x !== id);
}

async function change(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const libraries = ctx.libraries!;
  const server = interaction.guildId!;
  const sub = interaction.options.getSubcommand(true);
  const current = await libraries.settings(server);
  const update: Partial<ServerSettings> = {};
  if (sub === "set") {
    const shared = interaction.options.getBoolean("shared");
    const privately = interaction.options.getBoolean("private_answers");
    const threads = interaction.options.getBoolean("threads");
    const report = interaction.options.getChannel("report_channel");
    const noReports = interaction.options.getBoolean("no_reports");
    if (shared !== null) {
      if (libraries.managesShared(server))
        return respond(interaction, renderNotice("This server manages the shared articles: it always reads them. Nothing was changed."));
      update.useShared = shared;
    }
    if (privately !== null) update.privateAnswers = privately;
    if (threads !== null) update.threads = threads;
    if (report) update.reportChannel = report.id;
    if (noReports) update.reportChannel = undefined;
  } else {
    const key = sub === "ask-channels" ? "askChannels" : "moderatorRoles";
    const target = sub === "ask-channels" ? interaction.options.getChannel("channel")?.id : interaction.options.getRole("role")?.id;
    const next = edited(current[key], interaction.options.getString("action", true), target);
    if (typeof next === "string") return respond(interaction, renderNotice(`${next} Nothing was changed.`));
    update[key] = next;
  }
  if (Object.keys(update).length === 0) return respond(interaction, renderNotice(describe(current, libraries.managesShared(server))));
  const saved = await libraries.updateSettings(server, update, interaction.user.id);
  ctx.log.info({ guildId: server, userId: interaction.user.id, change: update }, "server settings changed");
  await respond(interaction, renderNotice(`Saved.\n${describe(saved, libraries.managesShared(server))}`));
}

const action = (o: import("discord.js").SlashCommandStringOption) =>
  o
    .setName("action")
    .setDescription("Add, remove, or clear the list")
    .setRequired(true)
    .addChoices({ name: "add", value: "add" }, { name: "remove", value: "remove" }, { name: "clear", value: "clear" });

/** /settings: this server's own choices, shown and changed by its moderators; every change confirmed privately and logged. */
export const settings = moderatorCommand(
  new SlashCommandBuilder()
    .setName("settings")
    .setDescription("Moderators: this server's settings for the bot.")
    .addSubcommand((c) => c.setName("show").setDescription("Show this server's settings"))
    .addSubcommand((c) =>
      c
        .setName("set")
        .setDescription("Change one or more settings")
        .addBooleanOption((o) => o.setName("shared").setDescription("Also answer from the bot's shared articles"))
        .addBooleanOption((o) => o.setName("private_answers").setDescription("Answers only the asker sees, unless they choose"))
        .addBooleanOption((o) => o.setName("threads").setDescription("Answer /ask in a thread, where replies are follow-ups"))
        .addChannelOption((o) =>
          o
            .setName("report_channel")
            .setDescription("Where sync reports of this server's sources go")
            .addChannelTypes(ChannelType.GuildText),
        )
        .addBooleanOption((o) => o.setName("no_reports").setDescription("Stop posting sync reports")),
    )
    .addSubcommand((c) =>
      c
        .setName("ask-channels")
        .setDescription("The channels where /ask works (none listed: every channel)")
        .addStringOption(action)
        .addChannelOption((o) => o.setName("channel").setDescription("The channel").addChannelTypes(ChannelType.GuildText)),
    )
    .addSubcommand((c) =>
      c
        .setName("moderator-roles")
        .setDescription("Roles that may use the moderator commands, beside Manage Server")
        .addStringOption(action)
        .addRoleOption((o) => o.setName("role").setDescription("The role")),
    ),
  async (interaction, ctx) => {
    if (!ctx.libraries) return respond(interaction, renderNotice("The bot is starting; try again in a moment."), { ephemeral: true });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (interaction.options.getSubcommand(true) === "show") {
      const current = await ctx.libraries.settings(interaction.guildId!);
      return respond(interaction, renderNotice(describe(current, ctx.libraries.managesShared(interaction.guildId))));
    }
    await change(interaction, ctx);
  },
);
