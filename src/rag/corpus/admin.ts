import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { RagError } from "../errors.js";
import type { ArticleMeta } from "../types.js";
import { articleIdFromPath } from "./ids.js";
import { ARTICLE_EXTENSIONS, formatOf } from "./formats.js";
import type { ArticleParser } from "./parser-pool.js";
import { formatBytes } from "./read.js";

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

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Writes through a hidden temporary file and a rename, so a reader never sees half a file. */
async function writeAtomically(path: string, content: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.tmp-${randomBytes(6).toString("hex")}`);
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/** A file name the bot chooses: from the article's title, never from what the uploader named the file. */
async function chooseName(corpusDir: string, ext: string, records: boolean, title: string | undefined): Promise<string> {
  const base =
    records || !title
      ? `import-${new Date().toISOString().replace(/[-:]/g, "").slice(0, 15)}`
      : articleIdFromPath(title).replace(/\//g, "-").slice(0, 60) || "article";
  for (let n = 1; ; n++) {
    const file = `${ADDED_DIR}/${base}${n > 1 ? `-${n}` : ""}${ext}`;
    if (!(await exists(insideCorpus(corpusDir, file)))) return file;
  }
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
  const file = await chooseName(corpusDir, ext, records, probe.articles[0]?.title);
  // A record (a jsonl line) keeps its own id; an article of its own file takes its id from the file name.
  const articles = probe.articles.map(({ text: _t, ...meta }) => ({
    ...meta,
    file,
    id: records ? meta.id : articleIdFromPath(file),
  }));
  const taken = articles.find((a) => options.existingIds.has(a.id));
  if (taken) throw invalid(`An article with the id "${taken.id}" is already in the corpus.`);

  await writeAtomically(insideCorpus(corpusDir, file), upload.content);
  return { file, articles };
}

/** Undoes `storeUploadedArticle` (when the reindex after it fails). */
export async function removeStoredFile(corpusDir: string, file: string): Promise<void> {
  await rm(insideCorpus(corpusDir, file), { force: true });
}

/**
 * Removes an article from the corpus: its file, or its line of a jsonl file. Returns a function
 * that puts it back, for when the reindex after it fails.
 */
export async function removeArticleFromCorpus(corpusDir: string, article: ArticleMeta): Promise<() => Promise<void>> {
  const path = insideCorpus(corpusDir, article.file);
  // Bytes, not text: the file is put back exactly as it was, whatever its format.
  const original = await readFile(path).catch(() => {
    throw invalid(`The file of "${article.title}" (${relative(corpusDir, path)}) is already gone; run /reindex.`);
  });
  const restore = () => writeAtomically(path, original);
  if (!formatOf(path)?.records) {
    await rm(path);
    return restore;
  }
  const kept = original
    .toString("utf8")
    .split("\n")
    .filter((line) => {
      try {
        return String((JSON.parse(line) as { id?: unknown }).id ?? "").trim() !== article.id;
      } catch {
        return true;
      }
    });
  if (kept.some((l) => l.trim())) await writeAtomically(path, kept.join("\n"));
  else await rm(path);
  return restore;
}
