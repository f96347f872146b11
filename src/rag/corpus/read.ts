import { readFile, stat } from "node:fs/promises";

export type ReadResult = { ok: true; content: string } | { ok: false; reason: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads one corpus file as UTF-8 text, refusing what cannot be an article: too large, empty,
 * binary (a NUL byte) or not valid UTF-8. Each refusal carries a reason for the skip warning.
 */
export async function readArticleFile(path: string, maxBytes: number): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.size > maxBytes) {
      return { ok: false, reason: `file is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit` };
    }
    bytes = await readFile(path);
  } catch (error) {
    return { ok: false, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  return decodeArticleBytes(bytes);
}

/** Decodes article bytes as UTF-8 text, refusing empty, binary and non-UTF-8 content. */
export function decodeArticleBytes(bytes: Uint8Array): ReadResult {
  if (bytes.length === 0) return { ok: false, reason: "file is empty" };
  if (bytes.includes(0)) return { ok: false, reason: "file is binary, not text" };
  let content: string;
  try {
    content = UTF8.decode(bytes);
  } catch {
    return { ok: false, reason: "file is not valid UTF-8 text" };
  }
  if (content.trim() === "") return { ok: false, reason: "file is empty" };
  return { ok: true, content };
}

/** 5242880 → "5 MB". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
