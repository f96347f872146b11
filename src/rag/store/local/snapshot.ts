import { createReadStream } from "node:fs";
import { access, mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { z } from "zod";
import { RagError } from "../../errors.js";
import { CHECKED_FILES, checksumFiles, findDamage, type CheckedFile } from "./checksums.js";
import { buildPath, FILES, readCurrent, syncPath, writeDurable } from "./layout.js";
import { LexicalIndex } from "./lexical.js";
import { FORMAT_VERSION, parseManifest, serializeManifest, storedPassageSchema, type Manifest, type StoredPassage } from "./manifest.js";
import { type DenseSearch, EXACT_SEARCH_MAX_PASSAGES, ExactVectors } from "./exact-vectors.js";
import { VectorIndex } from "./vectors.js";

/** One build of the index, loaded and ready to search. Immutable once loaded. */
export interface IndexSnapshot {
  name: string;
  manifest: Manifest;
  /** Passages in vector order. */
  passages: StoredPassage[];
  byId: Map<string, StoredPassage>;
  lexical: LexicalIndex;
  /** The graph (a large build), or an exact scan of the build's vectors (a small one). */
  dense: DenseSearch;
}

const corrupt = (name: string, what: string, cause?: unknown) =>
  new RagError("INDEX_CORRUPT", `Index build ${name} is corrupt: ${what}. Run \`npm run index -- --full\` to rebuild it.`, {
    cause,
  });

/** Reads the live build's manifest; throws INDEX_MISSING when there is no build. */
export async function readLiveManifest(indexDir: string): Promise<{ name: string; manifest: Manifest }> {
  const name = await readCurrent(indexDir);
  if (!name) throw new RagError("INDEX_MISSING", `No index in ${indexDir}. Run \`npm run index\` to build one.`);
  let raw: string;
  try {
    raw = await readFile(join(buildPath(indexDir, name), FILES.manifest), "utf8");
  } catch (error) {
    throw corrupt(name, "manifest.json is missing", error);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw corrupt(name, "manifest.json is not valid JSON", error);
  }
  const manifest = parseManifest(json);
  if (typeof manifest === "string") throw corrupt(name, `manifest.json is invalid (${manifest})`);
  return { name, manifest };
}

const GRAPH_FILES: CheckedFile[] = [CHECKED_FILES.hnswIndex, CHECKED_FILES.hnswArgs, CHECKED_FILES.hnswDocstore];

/** Whether a build has a graph: builds small enough to be searched exactly are written without one. */
export const hasGraph = (manifest: Manifest) => Boolean(manifest.checksums?.[CHECKED_FILES.hnswIndex]);

/** Whether a build is served by an exact scan of its vectors (small, or written without a graph). */
const servedExactly = (manifest: Manifest, exactMax: number) => manifest.counts.passages <= exactMax || !hasGraph(manifest);

/**
 * The files a search reads: the graph of a large build (its vectors.f32 is read only by the next
 * incremental build, which checks it then), or a small build's vectors.f32.
 */
function servedFiles(manifest: Manifest, exactMax: number): CheckedFile[] {
  const always = [CHECKED_FILES.passages, CHECKED_FILES.lexicalJson, CHECKED_FILES.lexicalBin];
  return servedExactly(manifest, exactMax) ? [...always, CHECKED_FILES.vectors] : [...always, ...GRAPH_FILES];
}

/** Loads a build's passages, lexical and vector indexes, checking that they agree. */
export async function loadSnapshot(
  indexDir: string,
  name: string,
  manifest: Manifest,
  embeddings: EmbeddingsInterface,
  exactMax = EXACT_SEARCH_MAX_PASSAGES,
): Promise<IndexSnapshot> {
  const dir = buildPath(indexDir, name);
  if (!manifest.checksums || manifest.formatVersion !== FORMAT_VERSION) {
    throw new RagError(
      "INDEX_OUTDATED",
      `Index build ${name} was written by an older version (format ${manifest.formatVersion}, now ${FORMAT_VERSION})`,
    );
  }
  // A damaged file must never be served (a "verbatim" quote from flipped bytes) nor reach hnswlib's native loader.
  const damage = await findDamage(dir, manifest.checksums, servedFiles(manifest, exactMax));
  if (damage) throw corrupt(name, damage);
  let passages: StoredPassage[];
  let lexical: LexicalIndex;
  let dense: DenseSearch;
  const n = manifest.counts.passages;
  try {
    passages = await readPassages(dir);
    lexical = await LexicalIndex.load(join(dir, FILES.lexical));
    if (servedExactly(manifest, exactMax)) {
      const vectors = await readVectors(indexDir, name, n, manifest.embedder.dimension);
      if (!vectors) throw new Error(`${FILES.vectors} does not hold ${n} vectors of ${manifest.embedder.dimension}`);
      dense = new ExactVectors(
        passages.map((p) => p.id),
        vectors,
        manifest.embedder.dimension,
      );
    } else {
      dense = await VectorIndex.load(join(dir, FILES.hnsw), embeddings);
    }
  } catch (error) {
    throw corrupt(name, `cannot read its files (${(error as Error).message.split("\n")[0]})`, error);
  }
  const embedded = manifest.counts.embedded ?? n;
  if (passages.length !== n || lexical.size !== n || dense.size !== embedded) {
    throw corrupt(
      name,
      `passage counts disagree (manifest ${n}, ${embedded} embedded; passages ${passages.length}, lexical ${lexical.size}, vectors ${dense.size})`,
    );
  }
  return { name, manifest, passages, byId: new Map(passages.map((p) => [p.id, p])), lexical, dense };
}

/**
 * Checks files of a build before an incremental build reuses them (its embeddings, its BM25 and
 * HNSW indexes). Returns what is damaged, if anything.
 */
export async function findBuildDamage(
  indexDir: string,
  name: string,
  manifest: Manifest,
  files: CheckedFile[],
): Promise<string | undefined> {
  if (!manifest.checksums) return "it has no checksums (written by an older version)";
  return findDamage(buildPath(indexDir, name), manifest.checksums, files);
}

/**
 * Reads a build's passages one line at a time: at 100k passages the file is 130 MB, and reading
 * it as one string and parsing that took 400 MB at peak. Equal titles share one string.
 * Builds written before passages.jsonl existed have passages.json (one JSON array).
 */
export async function readPassages(dir: string): Promise<StoredPassage[]> {
  const path = join(dir, FILES.passages);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) return z.array(storedPassageSchema).parse(JSON.parse(await readFile(join(dir, FILES.legacyPassages), "utf8")));
  const passages: StoredPassage[] = [];
  const titles = new Map<string, string>();
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line) continue;
    let passage: StoredPassage;
    try {
      passage = storedPassageSchema.parse(JSON.parse(line));
    } catch (error) {
      throw new Error(`${FILES.passages} line ${lineNo}: ${(error as Error).message.split("\n")[0]}`, { cause: error });
    }
    const title = titles.get(passage.title);
    if (title === undefined) titles.set(passage.title, passage.title);
    else passage.title = title;
    passages.push(passage);
  }
  return passages;
}

/** Writes passages one per line, in chunks, so no single string holds them all. */
async function writePassages(path: string, passages: StoredPassage[]): Promise<void> {
  const handle = await open(path, "w");
  try {
    for (let i = 0; i < passages.length; i += 1000) {
      await handle.write(
        passages
          .slice(i, i + 1000)
          .map((p) => `${JSON.stringify(p)}\n`)
          .join(""),
      );
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads a build's raw embeddings (passage order), for reuse by the next incremental build. */
export async function readVectors(indexDir: string, name: string, count: number, dimension: number): Promise<Float32Array | undefined> {
  try {
    const bytes = await readFile(join(buildPath(indexDir, name), FILES.vectors));
    if (bytes.byteLength !== count * dimension * 4) return undefined;
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch {
    return undefined;
  }
}

/**
 * Writes every file of a build and flushes them; the manifest goes last, with the checksum of
 * every other file as read back from disk. Returns the manifest as written.
 */
export async function writeSnapshot(
  indexDir: string,
  name: string,
  parts: {
    manifest: Omit<Manifest, "checksums">;
    passages: StoredPassage[];
    vectors: Float32Array;
    lexical: LexicalIndex;
    /** The graph; a small build has none (it is searched exactly, from vectors.f32). */
    dense: DenseSearch;
  },
): Promise<Manifest> {
  const dir = buildPath(indexDir, name);
  // Owner-only: a build holds every article, and nothing else on the machine needs to read it.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writePassages(join(dir, FILES.passages), parts.passages);
  await writeDurable(join(dir, FILES.vectors), new Uint8Array(parts.vectors.buffer, parts.vectors.byteOffset, parts.vectors.byteLength));
  await mkdir(join(dir, FILES.lexical), { recursive: true });
  await parts.lexical.save(join(dir, FILES.lexical));
  const graph = parts.dense instanceof VectorIndex;
  if (parts.dense instanceof VectorIndex) {
    await parts.dense.save(join(dir, FILES.hnsw));
    for (const file of GRAPH_FILES) await syncPath(join(dir, file));
  }
  const written = Object.values(CHECKED_FILES).filter((file) => graph || !GRAPH_FILES.includes(file));
  const manifest: Manifest = { ...parts.manifest, checksums: await checksumFiles(dir, written) };
  await writeDurable(join(dir, FILES.manifest), serializeManifest(manifest));
  return manifest;
}
