/**
 * Normalises article text so offsets, hashes and quotes are stable: Unicode NFC, Unix newlines,
 * no-break and zero-width spaces folded, trailing spaces dropped, at most one blank line in a row.
 */
export function cleanText(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B\u200C\u200D\u2060]/g, "")
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
