/**
 * Control characters (C0 but tab and line breaks, DEL, C1) and bidirectional embedding, override
 * and isolate marks: no article needs them, and in a terminal or a chat they can rewrite what is
 * shown (an escape sequence clearing the screen, a link whose text runs backwards).
 */
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Default-ignorable characters that show nothing and can carry hidden text: Unicode tag
 * characters (U+E0000-E007F, which spell ASCII invisibly), the variation selectors supplement,
 * invisible operators and deprecated format marks, Hangul and Mongolian fillers, the combining
 * grapheme joiner and interlinear annotation marks. A hidden instruction in an article must not
 * reach an answer, a quote or a model's prompt.
 */
const HIDDEN_TEXT =
  /[\u{E0000}-\u{E007F}]|[\u{E0100}-\u{E01EF}]|\u034F|\u17B4|\u17B5|\u180B|\u180C|\u180D|\u180F|[\u115F\u1160\u180E\u2061-\u2064\u206A-\u206F\u3164\uFFA0\uFFF9-\uFFFB]/gu;

/**
 * Text without INVISIBLE_CONTROLS and HIDDEN_TEXT, for what may predate cleaning or never went
 * through it: older indexes, questions, model output, file names.
 */
export const stripControlCharacters = (text: string) => text.replace(INVISIBLE_CONTROLS, "").replace(HIDDEN_TEXT, "");

/**
 * Normalises article text so offsets, hashes and quotes are stable: Unicode NFC, Unix newlines,
 * control characters removed, no-break and zero-width spaces folded, trailing spaces dropped, at
 * most one blank line in a row.
 */
export function cleanText(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE_CONTROLS, "")
    .replace(HIDDEN_TEXT, "")
    .replace(/\u200B|\u200C|\u200D|\u2060/g, "")
    .replace(/[\u00A0\u2007\u202F\t\f\v]/g, " ")
    .replace(/ {2,}/g, " ")
    .replace(/ +\n/g, "\n")
    .replace(/\n +/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Collapses a metadata value (a title, a name) onto one line. */
export function cleanLine(raw: string): string {
  return cleanText(raw).replace(/\s+/g, " ");
}
