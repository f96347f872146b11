import { constants } from "node:fs";
import { type FileHandle, open, realpath } from "node:fs/promises";
import { relative, resolve, sep, isAbsolute } from "node:path";

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };
export type DecodeResult = { ok: true; content: string } | { ok: false; reason: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** True when `path` is `root` or lies under it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * Reads one corpus file's bytes, refusing what cannot be an article: a path that leads outside
 * the corpus (through a symbolic link), anything but a regular file (a FIFO would hang the
 * build, /dev/zero would never end), more than `maxBytes` (counted while reading, so a file that
 * grows cannot get past it), or empty. Each refusal carries a reason for the skip warning; text
 * formats are decoded (and binary content refused) by the parser, which knows the format.
 */
export async function readArticleFile(corpusDir: string, file: string, maxBytes: number): Promise<ReadResult> {
  let real: string;
  try {
    real = await realpath(resolve(corpusDir, file));
    if (!isInside(await realpath(corpusDir), real)) return { ok: false, reason: "a symbolic link to a path outside the corpus" };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: code === "ENOENT" ? "a symbolic link that leads nowhere, or a file that was removed" : `unreadable: ${code ?? String(error)}`,
    };
  }
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return { ok: false, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: `not a regular file (${kindOf(info)})` };
    if (info.size > maxBytes) return { ok: false, reason: tooLarge(info.size, maxBytes) };
    // Read one byte past the limit: a file that grew since stat is caught here.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, reason: `file is over the ${formatBytes(maxBytes)} limit` };
    if (length === 0) return { ok: false, reason: "file is empty" };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  } finally {
    await handle.close();
  }
}

const tooLarge = (size: number, max: number) => `file is ${formatBytes(size)}, over the ${formatBytes(max)} limit`;

/** What a directory entry or stat result is, in words, for skip reasons. */
export function kindOf(entry: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
}): string {
  if (entry.isFIFO()) return "a FIFO";
  if (entry.isSocket()) return "a socket";
  if (entry.isCharacterDevice()) return "a character device";
  if (entry.isBlockDevice()) return "a block device";
  if (entry.isDirectory()) return "a folder";
  return "a special file";
}

/** Decodes article bytes as UTF-8 text, refusing empty, binary and non-UTF-8 content. */
export function decodeArticleBytes(bytes: Uint8Array): DecodeResult {
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
