import { z } from "zod";

/** Bump when the files of a build change shape. Version 2 added checksums. */
export const FORMAT_VERSION = 2;
/** Builds of these versions still load far enough to lend their embeddings to a rebuild. */
const READABLE_VERSIONS = [1, 2] as const;

const articleMeta = z.object({
  id: z.string(),
  title: z.string(),
  file: z.string(),
  author: z.string().optional(),
  source: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  tags: z.array(z.string()).optional(),
  abbreviations: z.record(z.string(), z.string()).optional(),
});

const articleEntrySchema = z.object({ meta: articleMeta, hash: z.string(), passageIds: z.array(z.string()) });
const fileEntrySchema = z.object({ size: z.number(), mtimeMs: z.number() });

type ArticleEntry = z.infer<typeof articleEntrySchema>;
type FileEntry = z.infer<typeof fileEntrySchema>;

/** Everything of a manifest but its two large dictionaries, which are read entry by entry. */
const headerSchema = z.object({
  formatVersion: z.union(READABLE_VERSIONS.map((v) => z.literal(v))),
  builtAt: z.string(),
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  splitter: z.object({ version: z.number(), passageTokens: z.number(), overlapTokens: z.number() }),
  lexicalVersion: z.number(),
  /** `embedded`: passages with a vector (the rest are searchable by BM25 until embedded); all when absent. */
  counts: z.object({ articles: z.number(), passages: z.number(), embedded: z.number().optional() }),
  /** SHA-256 of every file of the build (path relative to the build), checked when it is loaded. */
  checksums: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).optional(),
  articles: z.record(z.string(), z.unknown()),
  /** Size and modification time of every corpus file, to tell cheaply whether the corpus changed. */
  files: z.record(z.string(), z.unknown()),
  skipped: z.array(z.object({ file: z.string(), line: z.number().optional(), reason: z.string() })),
});

/**
 * What a build contains and how it was made; the incremental reindex diffs against it. Articles
 * and files are Maps: their keys come from the corpus, and "constructor" or "__proto__" is an
 * ordinary id or file name.
 */
export interface Manifest extends Omit<z.infer<typeof headerSchema>, "articles" | "files" | "formatVersion"> {
  formatVersion: number;
  articles: Map<string, ArticleEntry>;
  files: Map<string, FileEntry>;
}

/**
 * Validates a parsed manifest, entry by entry for its two large records: validation copies what
 * it checks, and at 100k articles a copy of the whole tree beside the original added 100 MB to
 * the peak memory of loading. Keys are read from the parsed JSON itself (JSON.parse makes even
 * "__proto__" an own key), never through a plain object that could swallow them. Returns the
 * manifest, or what is wrong with it.
 */
export function parseManifest(json: unknown): Manifest | string {
  const header = headerSchema.safeParse(json);
  if (!header.success) return firstIssue(header.error);
  const raw = json as { articles: Record<string, unknown>; files: Record<string, unknown> };
  const articles = new Map<string, ArticleEntry>();
  for (const id of Object.keys(raw.articles)) {
    const entry = articleEntrySchema.safeParse(raw.articles[id]);
    if (!entry.success) return `${id}: ${firstIssue(entry.error)}`;
    articles.set(id, entry.data);
  }
  const files = new Map<string, FileEntry>();
  for (const file of Object.keys(raw.files)) {
    const entry = fileEntrySchema.safeParse(raw.files[file]);
    if (!entry.success) return `${file}: ${firstIssue(entry.error)}`;
    files.set(file, entry.data);
  }
  return { ...header.data, articles, files };
}

/** The manifest as JSON: Maps become objects without a prototype, so every key is written as it is. */
export function serializeManifest(manifest: Manifest): string {
  return JSON.stringify({ ...manifest, articles: dictionary(manifest.articles), files: dictionary(manifest.files) });
}

function dictionary<T>(map: Map<string, T>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of map) out[key] = value;
  return out;
}

const firstIssue = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "manifest"}: ${issue.message}` : "invalid";
};

/** A passage as stored, with the hash of the text that was embedded (the embedding cache key). */
export const storedPassageSchema = z.object({
  id: z.string(),
  articleId: z.string(),
  title: z.string(),
  text: z.string(),
  start: z.number(),
  end: z.number(),
  hash: z.string(),
});

export type StoredPassage = z.infer<typeof storedPassageSchema>;
