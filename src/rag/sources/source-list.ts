import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomically } from "../corpus/atomic-write.js";
import { isMap, isSeq, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { RagError } from "../errors.js";
import { normalizeUrl } from "../fetch/urls.js";
import { SOURCES_FILE } from "../corpus/reserved.js";
import { SOURCE_KINDS, SOURCE_LIMITS, type SourceKind } from "./kinds.js";

/**
 * The sources a corpus keeps in sync: `sources.yaml` in the corpus folder, which a person may
 * edit by hand (comments kept) and `/sources` and `npm run sources` edit for them.
 */

export { SOURCE_LIMITS, type SourceKind };

const sourceSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "url must be an http(s) link" }).transform((v) => normalizeUrl(v)),
  kind: z.enum(SOURCE_KINDS, { error: `kind must be ${SOURCE_KINDS.join(", ")}` }),
  every: z.number().int().min(SOURCE_LIMITS.every.min).max(SOURCE_LIMITS.every.max).optional(),
  remove_gone: z.boolean().optional(),
  prefix: z.string().startsWith("/", "prefix must be a path starting with /").optional(),
  depth: z.number().int().min(0).max(SOURCE_LIMITS.depth.max).optional(),
  max_pages: z.number().int().min(1).max(SOURCE_LIMITS.maxPages.max).optional(),
  added_by: z.string().optional(),
  added_at: z.string().optional(),
});

/** One source as `sources.yaml` holds it. */
export type Source = z.infer<typeof sourceSchema>;

export interface SourceList {
  sources: Source[];
  /** Entries that could not be read, each with why: reported, and the others still sync. */
  problems: string[];
}

const HEADER = `# Sources Footnote keeps in sync: feeds (RSS, Atom, JSON Feed), sitemaps and site sections.
# Edit by hand or with /sources (Discord) and npm run sources. Each entry:
#   url: the feed, sitemap (or robots.txt) or the section's start page
#   kind: feed | sitemap | site
#   every: minutes between syncs (optional; SYNC_INTERVAL_MINUTES by default)
#   remove_gone: true to remove an article once its URL answers 404/410 on 3 checks (default: kept)
#   prefix, depth, max_pages: a site section's path prefix, link depth and pages per sync
`;

async function readDocument(corpusDir: string): Promise<Document | undefined> {
  const raw = await readFile(join(corpusDir, SOURCES_FILE), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new RagError("INVALID_INPUT", `${SOURCES_FILE} cannot be read: ${error.code ?? error.message}`);
  });
  if (raw === undefined) return undefined;
  const doc = parseDocument(raw, { schema: "core", uniqueKeys: true });
  if (doc.errors.length) {
    throw new RagError(
      "INVALID_INPUT",
      `${SOURCES_FILE} is not valid YAML (${doc.errors[0]!.message.split("\n")[0]}); fix it by hand, nothing was changed`,
    );
  }
  return doc;
}

/** The sources, each entry validated on its own. A missing file is no sources. */
export async function loadSourceList(corpusDir: string): Promise<SourceList> {
  const doc = await readDocument(corpusDir);
  if (!doc) return { sources: [], problems: [] };
  const data = doc.toJS({ maxAliasCount: 100 }) as { sources?: unknown } | null;
  const entries = data?.sources ?? [];
  if (!Array.isArray(entries)) return { sources: [], problems: [`${SOURCES_FILE}: "sources" must be a list`] };
  const out: SourceList = { sources: [], problems: [] };
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const parsed = sourceSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      out.problems.push(
        `${SOURCES_FILE}, source ${i + 1}: ${issue?.path.join(".") ? `${issue.path.join(".")}: ` : ""}${issue?.message ?? "invalid"}`,
      );
      continue;
    }
    if (seen.has(parsed.data.url)) {
      out.problems.push(`${SOURCES_FILE}, source ${i + 1}: ${parsed.data.url} is listed twice`);
      continue;
    }
    seen.add(parsed.data.url);
    out.sources.push(parsed.data);
  }
  return out;
}

const writeDocument = (corpusDir: string, doc: Document) => writeAtomically(join(corpusDir, SOURCES_FILE), doc.toString({ lineWidth: 0 }));

/** Adds a source (refused when its URL is listed already), keeping what the file says otherwise. */
/** Refuses another source past a library's limit. */
export function checkSourceCount(count: number, maxSources: number): void {
  if (count >= maxSources)
    throw new RagError(
      "INVALID_INPUT",
      `This library already follows ${count} sources, the most it may have is ${maxSources}. Remove one to add another.`,
    );
}

export async function addToSourceList(corpusDir: string, source: Source, maxSources = Infinity): Promise<void> {
  const doc = (await readDocument(corpusDir)) ?? parseDocument(`${HEADER}sources: []\n`);
  const current = await loadSourceList(corpusDir);
  if (current.sources.some((s) => s.url === source.url)) {
    throw new RagError("INVALID_INPUT", `${source.url} is already a source.`);
  }
  checkSourceCount(current.sources.length, maxSources);
  const entry = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined));
  const list = doc.get("sources");
  if (isSeq(list)) list.add(doc.createNode(entry));
  else if (list === undefined || list === null) doc.set("sources", doc.createNode([entry]));
  else throw new RagError("INVALID_INPUT", `${SOURCES_FILE}: "sources" must be a list; fix it by hand, nothing was changed`);
  const seq = doc.get("sources");
  if (isSeq(seq)) seq.flow = false;
  await writeDocument(corpusDir, doc);
}

/** Removes the source with this URL; returns it, or throws when there is none. */
export async function removeFromSourceList(corpusDir: string, url: string): Promise<Source> {
  const doc = await readDocument(corpusDir);
  const wanted = normalizeUrl(url);
  const list = doc?.get("sources");
  if (doc && isSeq(list)) {
    const index = list.items.findIndex((item) => {
      const raw = isMap(item) ? item.get("url") : undefined;
      try {
        return typeof raw === "string" && normalizeUrl(raw) === wanted;
      } catch {
        return false;
      }
    });
    if (index !== -1) {
      const removed = sourceSchema.safeParse((list.items[index] as { toJSON(): unknown }).toJSON());
      list.delete(index);
      await writeDocument(corpusDir, doc);
      return removed.success ? removed.data : ({ url: wanted, kind: "feed" } as Source);
    }
  }
  throw new RagError("INVALID_INPUT", `${wanted} is not a source (see /sources list).`);
}

/** Validates a source built from a command's options. */
export function parseSource(input: unknown): Source {
  const parsed = sourceSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RagError("INVALID_INPUT", `${issue?.path.join(".") ? `${issue.path.join(".")}: ` : ""}${issue?.message ?? "invalid source"}`);
}
