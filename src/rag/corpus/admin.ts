import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { RagError } from "../errors.js";
import type { ArticleMeta } from "../types.js";
import { articleIdFromPath } from "./ids.js";
import { ARTICLE_EXTENSIONS, formatOf } from "./formats.js";
import { listCorpusFiles } from "./load.js";
import type { ArticleParser } from "./parser-pool.js";
import { formatBytes } from "./read.js";
import { writeAtomically } from "./atomic-write.js";

/** Where articles added through the bot are stored, inside the corpus. */
const ADDED_DIR = "added";

const invalid = (message: string) => new RagError("INVALID_INPUT", message);

/** A path inside the corpus, or an error: nothing is ever written or removed outside it. */
function insideCorpus(corpusDir: string, file: string): string {
  const root = resolve(corpusDir);
  const path = resolve(root, file);
  if (!path.startsWith(root + sep)) throw invalid(`Refusing a path outside the corpus: ${file}`);
  return path;
}

/**
 * Creates `path` with `content` only if it does not exist, whole or not at all: the content is
 * written to a hidden file first, then linked in (a link fails on an existing name, where a
 * rename would replace it). False when the name is taken.
 */
async function createExclusively(path: string, content: Uint8Array): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${randomBytes(6).toString("hex")}`);
  await writeFile(tmp, content);
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** A corpus file with exactly these bytes, if there is one (an upload sent twice). Compares only files of the same size. */
async function sameFileIn(corpusDir: string, content: Uint8Array): Promise<string | undefined> {
  const { files } = await listCorpusFiles(corpusDir).catch(() => ({ files: [] as string[] }));
  for (const file of files) {
    const path = join(corpusDir, file);
    const size = await stat(path).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== content.byteLength) continue;
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes && Buffer.compare(bytes, content) === 0) return file;
  }
  return undefined;
}

/** The names the bot chooses, in order: from the article's title, never from what the uploader named the file. */
function* namesFor(ext: string, records: boolean, title: string | undefined): Generator<string> {
  const base =
    records || !title
      ? `import-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}`
      : articleIdFromPath(title).replace(/\//g, "-").slice(0, 60) || "article";
  for (let n = 1; ; n++) yield `${ADDED_DIR}/${base}${n > 1 ? `-${n}` : ""}${ext}`;
}

export interface UploadedArticle {
  /** The uploader's file name: only its extension is used, to choose the format. */
  fileName: string;
  content: Uint8Array;
}

export interface StoredUpload {
  file: string;
  articles: ArticleMeta[];
}

/**
 * Validates an uploaded article with the same loaders as the corpus and stores it under a name
 * the bot generates. A rejected file changes nothing and says why.
 */
export async function storeUploadedArticle(
  corpusDir: string,
  upload: UploadedArticle,
  options: { maxBytes: number; existingIds: Set<string>; parse: ArticleParser },
): Promise<StoredUpload> {
  const ext = extname(upload.fileName).toLowerCase();
  const format = formatOf(upload.fileName);
  if (!format) throw invalid(`Only ${ARTICLE_EXTENSIONS.join(", ")} files can be added.`);
  const records = format.records === true;
  if (upload.content.byteLength > options.maxBytes) {
    throw invalid(`The file is ${formatBytes(upload.content.byteLength)}; the limit is ${formatBytes(options.maxBytes)}.`);
  }

  const twin = await sameFileIn(corpusDir, upload.content);
  if (twin) throw invalid(`This file is already in the corpus, as ${twin}; nothing was added.`);

  // Parsed once, off the main thread, under the name it will have once its title is known; the
  // parser decodes a text format and refuses what is not text.
  const probe = await options.parse(upload.content, `${ADDED_DIR}/probe${ext}`);
  if (probe.articles.length === 0) throw invalid(`The file was rejected: ${probe.skipped[0]?.reason ?? "no article in it"}.`);
  // A bad line would be stored with the good ones and reported by every later build: refused now,
  // while the moderator has the file at hand.
  if (probe.skipped.length > 0) {
    const lines = probe.skipped.slice(0, 3).map((s) => `${s.line ? `line ${s.line}: ` : ""}${s.reason}`);
    const more = probe.skipped.length > 3 ? ` (and ${probe.skipped.length - 3} more)` : "";
    throw invalid(
      `The file was rejected: ${lines.join("; ")}${more}. Fix ${probe.skipped.length > 1 ? "these lines" : "it"} and upload it again.`,
    );
  }
  // A record (a jsonl line) keeps its own id; an article of its own file takes its id from the file name.
  const idsAt = (file: string) =>
    probe.articles.map(({ text: _t, ...meta }) => ({ ...meta, file, id: records ? meta.id : articleIdFromPath(file) }));
  const takenIn = (articles: ArticleMeta[]) => articles.find((a) => options.existingIds.has(a.id));
  for (const file of namesFor(ext, records, probe.articles[0]?.title)) {
    const articles = idsAt(file);
    const taken = takenIn(articles);
    if (taken && records) throw invalid(`An article with the id "${taken.id}" is already in the corpus.`);
    if (taken) continue;
    // Created exclusively: two uploads with one title get two files, never one overwriting the other.
    if (await createExclusively(insideCorpus(corpusDir, file), upload.content)) return { file, articles };
  }
  throw new Error("unreachable: the names never run out");
}

/** Undoes `storeUploadedArticle` (when the reindex after it fails): removes the file only while it is still the one stored. */
export async function removeStoredFile(corpusDir: string, file: string, content: Uint8Array): Promise<void> {
  const path = insideCorpus(corpusDir, file);
  const now = await readFile(path).catch(() => undefined);
  if (now && Buffer.compare(now, content) === 0) await rm(path, { force: true });
}

/** A jsonl line's id as the loader reads it, or undefined for a line that is not a record. */
function lineId(line: string): string | undefined {
  try {
    return String((JSON.parse(line) as { id?: unknown }).id ?? "").trim();
  } catch {
    return undefined;
  }
}

/**
 * Removes an article from the corpus: its file, or its line of a jsonl file. Returns a function
 * that undoes this removal alone, for when the reindex after it fails: the file is put back only
 * if nothing took its name since, and a line goes back into the file as it is then.
 */
export async function removeArticleFromCorpus(corpusDir: string, article: ArticleMeta): Promise<() => Promise<void>> {
  const path = insideCorpus(corpusDir, article.file);
  // Bytes, not text: the file is put back exactly as it was, whatever its format.
  const original = await readFile(path).catch(() => {
    throw invalid(`The file of "${article.title}" (${relative(corpusDir, path)}) is already gone; run /reindex.`);
  });
  if (!formatOf(path)?.records) {
    await rm(path);
    return async () => {
      await createExclusively(path, original);
    };
  }
  const lines = original.toString("utf8").split("\n");
  const removedAt = lines.flatMap((line, i) => (lineId(line) === article.id ? [i] : []));
  const kept = lines.filter((_, i) => !removedAt.includes(i));
  if (kept.some((l) => l.trim())) await writeAtomically(path, kept.join("\n"));
  else await rm(path);
  return async () => {
    const now = await readFile(path, "utf8").then(
      (text) => text.split("\n"),
      () => [] as string[],
    );
    // Back where they were, unless a line with that id is there again.
    if (now.some((line) => lineId(line) === article.id)) return;
    const restored = [...now];
    for (const i of removedAt) restored.splice(Math.min(i, restored.length), 0, lines[i]!);
    await writeAtomically(path, restored.join("\n"));
  };
}
