import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { renderIndexReport } from "../render.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

/** How often a running reindex edits its reply with the embedding's progress. */
const PROGRESS_EVERY_MS = 5_000;

export const reindex = moderatorCommand(
  new SlashCommandBuilder()
    .setName("reindex")
    .setDescription("Moderators: index changed articles again (questions keep being answered meanwhile).")
    .addBooleanOption((o) => o.setName("full").setDescription("Rebuild everything, not only what changed")),
  async (interaction, ctx) => {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // Lexical first: say when the new articles can be found, then how embedding goes (at most every
    // few seconds), then the report. Progress lines are plain text; the report is the embed.
    let searchableAt: string | undefined;
    let lastEdit = 0;
    const say = (text: string) => void respond(interaction, { content: text, embeds: [], components: [] }).catch(() => undefined);
    // A restart stops this reply's updates: it then says what became of the reindex, not "embedding…" forever.
    const onShutdown = async () => {
      const text = searchableAt
        ? `${searchableAt}\nThe bot is restarting, so the embedding stops here: the new articles stay searchable by their words, and the next reindex embeds the rest.`
        : "The bot is restarting before this reindex made its articles searchable: the index that was live stays. Run /reindex again once the bot is back.";
      await respond(interaction, { content: text, embeds: [], components: [] }).catch(() => undefined);
    };
    ctx.onShutdown.add(onShutdown);
    const report = await (await ctx.library(interaction)).rag
      .reindex({
        full: interaction.options.getBoolean("full") ?? false,
        onSearchable: (r) => {
          searchableAt = `Searchable now: ${r.articles} articles (added ${r.added.length}, changed ${r.changed.length}, removed ${r.removed.length}) after ${r.seconds.toFixed(1)} s.`;
          lastEdit = Date.now();
          say(searchableAt);
        },
        onProgress: (p) => {
          if (!searchableAt || p.phase !== "embed" || p.total === 0 || Date.now() - lastEdit < PROGRESS_EVERY_MS) return;
          lastEdit = Date.now();
          say(`${searchableAt}\nEmbedding: ${p.done} of ${p.total} passages (${Math.floor((p.done / p.total) * 100)}%).`);
        },
      })
      .finally(() => ctx.onShutdown.delete(onShutdown));
    ctx.log.info(
      { userId: interaction.user.id, added: report.added.length, changed: report.changed.length, removed: report.removed.length },
      "reindexed from Discord",
    );
    // The report replaces the progress line (an edit keeps content it does not set).
    await respond(interaction, { ...renderIndexReport({ done: "Reindex finished" }, report), content: "" });
  },
  undefined,
);
