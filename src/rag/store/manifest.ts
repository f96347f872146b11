import { z } from "zod";

/** Bump when the files of a build change shape. */
export const FORMAT_VERSION = 1;

const articleMeta = z.object({
  id: z.string(),
  title: z.string(),
  file: z.string(),
  author: z.string().optional(),
  source: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

export const articleEntrySchema = z.object({ meta: articleMeta, hash: z.string(), passageIds: z.array(z.string()) });
export const fileEntrySchema = z.object({ size: z.number(), mtimeMs: z.number() });

export const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  builtAt: z.string(),
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  splitter: z.object({ version: z.number(), passageTokens: z.number(), overlapTokens: z.number() }),
  lexicalVersion: z.number(),
  counts: z.object({ articles: z.number(), passages: z.number() }),
  articles: z.record(z.string(), articleEntrySchema),
  /** Size and modification time of every corpus file, to tell cheaply whether the corpus changed. */
  files: z.record(z.string(), fileEntrySchema),
  skipped: z.array(z.object({ file: z.string(), line: z.number().optional(), reason: z.string() })),
});

/** What a build contains and how it was made; the incremental reindex diffs against it. */
export type Manifest = z.infer<typeof manifestSchema>;

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
