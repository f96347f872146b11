import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { ARTICLE_EXTENSIONS, FORMAT_NAMES, formatBytes } from "../../rag/index.js";
import { renderIndexReport, renderNotice } from "../render.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

const DOWNLOAD_TIMEOUT_MS = 15_000;

/** Downloads an attachment, stopping as soon as it is larger than `maxBytes`. */
async function download(url: string, maxBytes: number): Promise<Uint8Array | "too-large"> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body) throw new Error(`download failed with HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) return "too-large";
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const addArticle = moderatorCommand(
  new SlashCommandBuilder()
    .setName("add-article")
    .setDescription(`Moderators: add an article file (${FORMAT_NAMES}) to the corpus.`)
    .addAttachmentOption((o) => o.setName("file").setDescription("The article file").setRequired(true)),
  async (interaction, ctx) => {
    const file = interaction.options.getAttachment("file", true);
    const max = ctx.config.maxUploadBytes;
    const ext = /\.[^.]+$/.exec(file.name)?.[0]?.toLowerCase() ?? "";
    // Refuse what can be refused before downloading anything.
    if (!ARTICLE_EXTENSIONS.includes(ext)) {
      return respond(interaction, renderNotice(`Only ${ARTICLE_EXTENSIONS.join(", ")} files can be added.`), { ephemeral: true });
    }
    if (file.size > max) {
      return respond(interaction, renderNotice(`The file is ${formatBytes(file.size)}; the limit is ${formatBytes(max)}.`), {
        ephemeral: true,
      });
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const content = await download(file.url, max);
    if (content === "too-large") return respond(interaction, renderNotice(`The file is over the ${formatBytes(max)} limit.`));
    const result = await ctx.rag.addArticle({ fileName: file.name, content }, { maxBytes: max });
    ctx.log.info(
      { userId: interaction.user.id, file: result.file, articles: result.articles.map((a) => a.id) },
      "article added from Discord",
    );
    const rendered = renderIndexReport({ done: "Added", articles: result.articles }, result.report);
    await respond(interaction, rendered);
  },
);
