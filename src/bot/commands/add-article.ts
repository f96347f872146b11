import { type ChatInputCommandInteraction, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { BotContext } from "../context.js";
import { renderAddedUrl } from "../render-sources.js";
import { ARTICLE_EXTENSIONS, FORMAT_NAMES, formatBytes } from "../../rag/index.js";
import { renderIndexReport, renderNotice } from "../render.js";
import { respond } from "../reply.js";
import { moderatorCommand } from "./moderator.js";

const DOWNLOAD_TIMEOUT_MS = 15_000;

/**
 * The attachment's URL when it points at one of Discord's attachment hosts, else undefined.
 * Discord writes that URL, but a payload is not trusted: no other host, no data: or file: URL,
 * plain http only for a listed loopback host (a test's fake Discord).
 */
export function attachmentUrl(raw: string, hosts: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (!hosts.includes(url.host.toLowerCase())) return undefined;
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  return url.protocol === "https:" || (url.protocol === "http:" && loopback) ? url : undefined;
}

/** Downloads an attachment, stopping as soon as it is larger than `maxBytes`; a redirect is a failure. */
async function download(url: URL, maxBytes: number): Promise<Uint8Array | "too-large"> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: "error" });
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

/** Adds the article at a URL: a web page, a PDF or a Word document, fetched by the bot's crawler. */
async function addFromUrl(interaction: ChatInputCommandInteraction, ctx: BotContext, url: string): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const added = await (await ctx.library(interaction)).rag.addUrl(url);
  ctx.log.info({ userId: interaction.user.id, file: added.file, status: added.status, url: added.fetched.url }, "article added from a URL");
  await respond(interaction, renderAddedUrl(added));
}

export const addArticle = moderatorCommand(
  new SlashCommandBuilder()
    .setName("add-article")
    .setDescription(`Moderators: add an article from a link or a file (${FORMAT_NAMES}).`)
    .addStringOption((o) =>
      o.setName("url").setDescription("A link to the article: a web page, a PDF or a Word document").setMaxLength(2000),
    )
    .addAttachmentOption((o) => o.setName("file").setDescription("The article file")),
  async (interaction, ctx) => {
    const url = interaction.options.getString("url")?.trim();
    const file = interaction.options.getAttachment("file");
    if (!url === !file) {
      return respond(interaction, renderNotice("Give either a link (url) or a file, one of the two."), { ephemeral: true });
    }
    if (url) return addFromUrl(interaction, ctx, url);
    if (!file) return;
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
    const attachment = attachmentUrl(file.url, ctx.config.attachmentHosts);
    if (!attachment) {
      ctx.log.warn({ userId: interaction.user.id, host: URL.canParse(file.url) ? new URL(file.url).host : "?" }, "attachment URL refused");
      return respond(interaction, renderNotice("That attachment does not come from Discord's file servers; upload the file again."), {
        ephemeral: true,
      });
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let content: Awaited<ReturnType<typeof download>>;
    try {
      content = await download(attachment, max);
    } catch (error) {
      // Said as what it is: Discord's file server was slow or refused, nothing was changed.
      const name = (error as Error).name;
      const why = name === "TimeoutError" || name === "AbortError" ? "timed out" : "failed";
      ctx.log.warn({ userId: interaction.user.id, err: (error as Error).message }, `attachment download ${why}`);
      return respond(interaction, renderNotice(`Downloading the file from Discord ${why}; nothing was changed. Try again.`, "error"));
    }
    if (content === "too-large") return respond(interaction, renderNotice(`The file is over the ${formatBytes(max)} limit.`));
    const result = await (await ctx.library(interaction)).rag.addArticle({ fileName: file.name, content }, { maxBytes: max });
    ctx.log.info(
      { userId: interaction.user.id, file: result.file, articles: result.articles.map((a) => a.id) },
      "article added from Discord",
    );
    const rendered = renderIndexReport({ done: "Added", articles: result.articles }, result.report);
    await respond(interaction, rendered);
  },
  undefined,
);
