import { AttachmentBuilder, MessageFlags, SlashCommandBuilder } from "discord.js";
import { formatBytes } from "../../rag/index.js";
import { renderNotice } from "../render.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

/** What Discord takes in one upload when the interaction does not say (its long-standing default). */
const DEFAULT_UPLOAD_LIMIT = 8 * 1024 * 1024;

/** /export: this server's own articles and source list as a zip, privately, for a backup or a move. */
export const exportLibrary = moderatorCommand(
  new SlashCommandBuilder().setName("export").setDescription("Moderators: download this server's articles and sources as a zip."),
  async (interaction, ctx) => {
    if (!ctx.libraries) return respond(interaction, renderNotice("The bot is starting; try again in a moment."), { ephemeral: true });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const server = interaction.guildId!;
    const { zip, files } = await ctx.libraries.exportServer(server);
    ctx.log.info({ guildId: server, userId: interaction.user.id, files, bytes: zip.byteLength }, "library exported");
    if (files === 0) return respond(interaction, renderNotice("This server has no articles of its own to export yet."));
    const limit = interaction.attachmentSizeLimit || DEFAULT_UPLOAD_LIMIT;
    if (zip.byteLength > limit)
      return respond(
        interaction,
        renderNotice(
          `The export is ${formatBytes(zip.byteLength)}, more than Discord takes in one upload here (${formatBytes(limit)}). The bot's deployer can make it with: npm run export -- --server ${server}`,
        ),
      );
    const name = `footnote-${server}-${new Date().toISOString().slice(0, 10)}.zip`;
    await interaction.editReply({
      ...renderNotice(
        `${files} file${files === 1 ? "" : "s"}, ${formatBytes(zip.byteLength)}: this server's articles and its source list.`,
      ),
      files: [new AttachmentBuilder(Buffer.from(zip), { name })],
      allowedMentions: { parse: [] },
    });
  },
);
