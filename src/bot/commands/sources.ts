import { MessageFlags, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from "discord.js";
import { SOURCE_KINDS, SOURCE_LIMITS, type SourceKind } from "../../rag/index.js";
import type { BotContext } from "../context.js";
import { LIMITS } from "../limits.js";
import { moderatorCheck } from "../permissions.js";
import { renderNotice } from "../render.js";
import { renderSourceList, renderSyncReport } from "../render-sources.js";
import { respond } from "../reply.js";
import { clamp, escapeUntrusted, noPreview } from "../text.js";
import { moderatorCommand } from "./moderator.js";

/** How often a running sync edits its reply with the sources done so far. */
const PROGRESS_EVERY_MS = 5_000;

async function add(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { source, detected } = await (await ctx.library(interaction)).rag.sources.add({
    url: interaction.options.getString("url", true),
    kind: (interaction.options.getString("kind") as SourceKind | null) ?? undefined,
    every: interaction.options.getInteger("every") ?? undefined,
    removeGone: interaction.options.getBoolean("remove_gone") ?? undefined,
    addedBy: interaction.user.id,
  });
  ctx.log.info({ userId: interaction.user.id, source: source.url, kind: source.kind }, "source added from Discord");
  const text = `Added the source ${noPreview(source.url)}: ${escapeUntrusted(detected.summary)}. It syncs ${source.every ? `every ${source.every} minutes` : "on the default interval (hourly)"}; /sources sync fetches its articles now.`;
  await respond(interaction, renderNotice(text));
}

async function remove(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const removed = await (await ctx.library(interaction)).rag.sources.remove(interaction.options.getString("url", true));
  ctx.log.info({ userId: interaction.user.id, source: removed.url }, "source removed from Discord");
  await respond(interaction, renderNotice(`Removed the source ${noPreview(removed.url)}. Its articles stay; /remove-article removes one.`));
}

async function sync(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const only = interaction.options.getString("url") ?? undefined;
  let done = 0;
  let lastEdit = 0;
  const report = await (await ctx.library(interaction)).rag.sources.sync({
    all: true,
    only,
    onSource: (one) => {
      done++;
      if (Date.now() - lastEdit < PROGRESS_EVERY_MS) return;
      lastEdit = Date.now();
      const text = `Syncing: ${done} source${done === 1 ? "" : "s"} done (last: ${noPreview(one.url)}, ${one.new.length} new).`;
      void respond(interaction, { content: text, embeds: [], components: [] }).catch(() => undefined);
    },
  });
  ctx.log.info(
    { userId: interaction.user.id, sources: report.sources.length, new: report.sources.reduce((n, s) => n + s.new.length, 0) },
    "sources synced from Discord",
  );
  await respond(interaction, { ...renderSyncReport(report), content: "" });
}

/** The sources as autocomplete choices, by URL. */
async function sourceChoices(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!(await moderatorCheck(interaction, ctx)).ok) return interaction.respond([]);
  if (ctx.autocompleteLimiter.take(interaction.user.id) > 0) return interaction.respond([]);
  const typed = String(interaction.options.getFocused() ?? "").toLowerCase();
  const { sources } = await (await ctx.library(interaction)).rag.sources.list();
  const choices = sources
    .map((s) => s.source.url)
    .filter((url) => url.toLowerCase().includes(typed) && url.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((url) => ({ name: clamp(url, LIMITS.choiceName), value: url }));
  await interaction.respond(choices);
}

export const sources = moderatorCommand(
  new SlashCommandBuilder()
    .setName("sources")
    .setDescription("Moderators: feeds, sitemaps and site sections the bot keeps in sync.")
    .addSubcommand((c) =>
      c
        .setName("add")
        .setDescription("Add a feed (RSS, Atom, JSON Feed), a sitemap or robots.txt, or a site section's start page")
        .addStringOption((o) => o.setName("url").setDescription("Its link").setRequired(true).setMaxLength(2000))
        .addStringOption((o) =>
          o
            .setName("kind")
            .setDescription("What it is (found by fetching it when left out)")
            .addChoices(...SOURCE_KINDS.map((k) => ({ name: k, value: k }))),
        )
        .addIntegerOption((o) =>
          o
            .setName("every")
            .setDescription("Minutes between syncs (hourly by default)")
            .setMinValue(SOURCE_LIMITS.every.min)
            .setMaxValue(SOURCE_LIMITS.every.max),
        )
        .addBooleanOption((o) =>
          o.setName("remove_gone").setDescription("Remove an article once its link answers 404/410 three times (kept by default)"),
        ),
    )
    .addSubcommand((c) => c.setName("list").setDescription("The sources and how their last syncs went"))
    .addSubcommand((c) =>
      c
        .setName("remove")
        .setDescription("Stop syncing a source (its articles stay)")
        .addStringOption((o) => o.setName("url").setDescription("The source").setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((c) =>
      c
        .setName("sync")
        .setDescription("Sync every source now (or one), and report what changed")
        .addStringOption((o) => o.setName("url").setDescription("Only this source").setAutocomplete(true)),
    ),
  async (interaction, ctx) => {
    const sub = interaction.options.getSubcommand(true);
    if (sub === "add") return add(interaction, ctx);
    if (sub === "remove") return remove(interaction, ctx);
    if (sub === "sync") return sync(interaction, ctx);
    await respond(interaction, renderSourceList(await (await ctx.library(interaction)).rag.sources.list()), { ephemeral: true });
  },
  sourceChoices,
);
