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

/** An answer's text cut at a sentence boundary: whole "sentence. [n]" units, so markers stay with their claims. */
export function fitAnswerText(text: string, max: number): string {
  if (text.length <= max) return text;
  const units = text.match(/[^[]*?(?:\s*\[\d+\])+\s*|[^[]+$/g) ?? [text];
  let out = "";
  for (const unit of units) {
    if ((out + unit).trimEnd().length + 2 > max) break;
    out += unit;
  }
  return out.trim() ? `${out.trimEnd()} …` : truncate(text, max);
}

/** Makes text safe to show inside Discord markdown where it could otherwise format or link. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|>[\]])/g, "\\$1");
}

/** A link that Discord shows without a preview. */
export const noPreview = (url: string) => `<${url}>`;

/** Clamps a label or name to Discord's limit for it. */
export const clamp = (text: string, max: number = LIMITS.buttonLabel) => truncate(text.replace(/\s+/g, " ").trim(), max);
