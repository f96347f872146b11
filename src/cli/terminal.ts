import { stripControlCharacters } from "../rag/index.js";

/**
 * Text for a terminal: nothing from an article, a file name or an error can drive it. Control
 * characters (ESC starts `\e]0;…` title changes and `\e[2J` screen clears), carriage returns
 * that overwrite a line, and bidirectional overrides are removed; newlines and tabs stay.
 */
export function forTerminal(text: string): string {
  return stripControlCharacters(text).replace(/[\r\v\f]/g, "");
}

// JSON.stringify escapes C0 controls but writes DEL, C1 controls (U+009B is a one-character
// CSI to some terminals), bidirectional marks and line separators as they are.
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** One JSON line whose strings, printed raw, cannot drive a terminal (the data is unchanged). */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Wraps text to `width` columns at word boundaries (a word longer than a line stays whole).
 * A wrapped line keeps the indentation of the line it continues.
 */
export function wrapText(text: string, width: number): string {
  if (!(width > 20)) return text;
  return text
    .split("\n")
    .map((line) => {
      if (line.length <= width) return line;
      const indent = /^\s*/.exec(line)![0];
      const out: string[] = [];
      let current = "";
      for (const word of line.trim().split(/\s+/)) {
        if (current && indent.length + current.length + 1 + word.length > width) {
          out.push(indent + current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      if (current) out.push(indent + current);
      return out.join("\n");
    })
    .join("\n");
}

/** Text for standard output: safe, and wrapped to the terminal's width when it is one. */
export function forStdout(text: string, stream: NodeJS.WriteStream = process.stdout): string {
  const safe = forTerminal(text);
  return stream.isTTY ? wrapText(safe, stream.columns ?? 80) : safe;
}
