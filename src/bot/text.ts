import { escapeMarkdown, hideLinkEmbed } from "discord.js";
import { stripControlCharacters } from "../rag/index.js";
import { LIMITS } from "./limits.js";

/**
 * Cuts text to at most `max` characters, at the last sentence end (or else word break) that
 * fits, and marks the cut with an ellipsis.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const sentence = Math.max(room.lastIndexOf(". "), room.lastIndexOf("] "), room.lastIndexOf("? "), room.lastIndexOf("! "));
  const cut = sentence > max * 0.5 ? sentence + 1 : Math.max(room.lastIndexOf(" "), max * 0.5);
  return `${room.slice(0, cut).trimEnd()}…`;
}

/**
 * An answer's text made safe (`escapeUntrusted`, its citation markers kept as they are) and cut
 * to `max` at a sentence boundary: whole "sentence. [n]" units, so markers stay with their claims.
 */
export function fitAnswerText(text: string, max: number): string {
  const parts = text.split(/((?:\s*\[\d+\])+\s*)/);
  const units: string[] = [];
  // A "(" straight after a marker must not turn "[1](…)" into a link.
  for (let i = 0; i < parts.length; i += 2) units.push(escapeUntrusted(parts[i]!).replace(/^\(/, "\\(") + (parts[i + 1] ?? ""));
  const whole = units.join("");
  if (whole.length <= max) return whole;
  let out = "";
  for (const unit of units) {
    if ((out + unit).trimEnd().length + 2 > max) break;
    out += unit;
  }
  return out.trim() ? `${out.trimEnd()} …` : truncate(whole, max);
}

/**
 * Text that comes from articles, questions or a model, made safe to show in Discord markdown:
 * nothing in it formats, hides a link behind words ([text](url) needs an unescaped "["), opens a
 * quote or heading, forms a mention chip (every "<" is escaped) or carries a control character.
 * The bot's own links (an article's URL, as <url>) are added after escaping.
 */
export function escapeUntrusted(text: string): string {
  const escaped = escapeMarkdown(stripControlCharacters(text), { heading: true, bulletedList: true, numberedList: true });
  return (
    escaped
      .replace(/[[\]<]/g, "\\$&")
      .replace(/^(\s*)>/gm, "$1\\>")
      // "-# " at a line start is Discord's subtext (small grey text).
      .replace(/^(\s*)-#/gm, "$1\\-#")
      .replace(/@(everyone|here)/g, "@\u200b$1")
  );
}

/**
 * A link that Discord shows without a preview. Brackets and pipes are percent-encoded so nothing
 * inside the link can read as markdown ("[a](…)", "||…||").
 */
export const noPreview = (url: string) => hideLinkEmbed(url.replace(/[[\]|<> ]/g, (c) => encodeURIComponent(c)));

/** Clamps a label or name to Discord's limit for it. */
export const clamp = (text: string, max: number = LIMITS.buttonLabel) => truncate(text.replace(/\s+/g, " ").trim(), max);
