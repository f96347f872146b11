import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Passage } from "../../types.js";
import { buildBm25, searchBm25, type Bm25Data, type FieldPostings } from "./bm25.js";
import { writeDurable } from "./layout.js";
import { analyse } from "../../analysis.js";
import { noPause, type Pause } from "../../pace.js";
import type { LexicalOptions } from "../store.js";

/** Bump when tokenising, fields or the file format change: a lexical index built another way must be rebuilt. */
export const LEXICAL_VERSION = 3;

/**
 * One field per passage: its article's title, then its text, as Anserini indexes title and body
 * together. On SciFact this beat title and text scored as separate fields at every k1, b and
 * title weight tried (nDCG@10 0.691 against at best 0.676; docs/BENCHMARKS.md).
 */
const fieldsOf = (p: Passage) => ({ id: p.id, fields: [`${p.title}\n${p.text}`] });

const JSON_FILE = "lexical.json";
const BIN_FILE = "lexical.bin";

/** BM25 over passages (title and text as one field), in typed arrays; see bm25.ts. */
export class LexicalIndex {
  private readonly termIndex: Map<string, number>;
  private readonly docIndex: Map<string, number>;
  private sortedVocabulary?: string[];

  private constructor(private readonly data: Bm25Data) {
    this.termIndex = new Map(data.vocabulary.map((t, i) => [t, i]));
    this.docIndex = new Map(data.ids.map((id, i) => [id, i]));
  }

  /** Builds the index; `pause` lets other work run between slices (see pace.ts). */
  static async build(passages: Passage[], pause: Pause = noPause): Promise<LexicalIndex> {
    return new LexicalIndex(await buildBm25(passages.map(fieldsOf), 1, analyse, undefined, pause));
  }

  get size(): number {
    return this.data.ids.length;
  }

  /** A new index without `removedIds` and with `added`, reusing the postings of everything else. */
  async update(removedIds: Set<string>, added: Passage[], pause: Pause = noPause): Promise<LexicalIndex> {
    return new LexicalIndex(
      await buildBm25(added.map(fieldsOf), 1, analyse, { data: this.data, keep: (i) => !removedIds.has(this.data.ids[i]!) }, pause),
    );
  }

  /** Ranked passage ids for `query`, best first; ties go to the smaller id so every build ranks alike. */
  query(query: string, limit: number, options: LexicalOptions, filter?: (id: string) => boolean): { id: string; score: number }[] {
    const hits = searchBm25(
      this.data,
      this.termIndex,
      analyse(query),
      limit,
      { k1: options.k1, b: options.b, boosts: [1] },
      filter ? (doc) => filter(this.data.ids[doc]!) : undefined,
    );
    return hits
      .map((h) => ({ id: this.data.ids[h.doc]!, score: h.score }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Passages holding `term` (an analysed term) in title or text. */
  documentFrequency(term: string): number {
    const t = this.termIndex.get(term);
    return t === undefined ? 0 : this.data.documentFrequency[t]!;
  }

  /** Every indexed term, sorted, for prefix look-ups. */
  vocabulary(): string[] {
    // Terms whose passages were all removed stay in the list until a full build; they have no documents.
    this.sortedVocabulary ??= this.data.vocabulary.filter((t) => this.documentFrequency(t) > 0).sort();
    return this.sortedVocabulary;
  }

  has(id: string): boolean {
    return this.docIndex.has(id);
  }

  /** Writes the index as JSON (ids, vocabulary, sizes) and one binary file of its arrays. */
  async save(dir: string): Promise<void> {
    const arrays: ArrayBufferView[] = [];
    const layout = this.data.fields.map((f) => {
      const parts = [f.offsets, f.docs, f.freqs, f.lengths];
      arrays.push(...parts);
      return { terms: f.offsets.length - 1, postings: f.docs.length, documents: f.lengths.length, averageLength: f.averageLength };
    });
    arrays.push(this.data.documentFrequency);
    // Uint16 frequencies are padded so every array starts on a 4-byte boundary.
    const chunks = arrays.map((a) => {
      const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      const pad = (4 - (bytes.byteLength % 4)) % 4;
      return pad ? Buffer.concat([bytes, new Uint8Array(pad)]) : bytes;
    });
    await writeDurable(join(dir, BIN_FILE), Buffer.concat(chunks));
    await writeDurable(
      join(dir, JSON_FILE),
      JSON.stringify({ version: LEXICAL_VERSION, ids: this.data.ids, vocabulary: this.data.vocabulary, fields: layout }),
    );
  }

  static async load(dir: string): Promise<LexicalIndex> {
    const meta = JSON.parse(await readFile(join(dir, JSON_FILE), "utf8")) as {
      version: number;
      ids: string[];
      vocabulary: string[];
      fields: { terms: number; postings: number; documents: number; averageLength: number }[];
    };
    if (meta.version !== LEXICAL_VERSION) throw new Error(`lexical index version ${meta.version}, expected ${LEXICAL_VERSION}`);
    const bin = await readFile(join(dir, BIN_FILE));
    // Typed arrays view the file's bytes where they are aligned (always, for a file this size),
    // rather than holding a second copy of the postings.
    const aligned = bin.byteOffset % 4 === 0;
    const buffer = aligned ? bin.buffer : bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const base = aligned ? bin.byteOffset : 0;
    let at = 0;
    const take = <T>(make: (b: ArrayBuffer, offset: number, length: number) => T, count: number, bytesPer: number): T => {
      const size = Math.ceil((count * bytesPer) / 4) * 4;
      if (at + size > bin.byteLength) throw new Error("lexical.bin is shorter than lexical.json says");
      const view = make(buffer, base + at, count);
      at += size;
      return view;
    };
    const fields: FieldPostings[] = meta.fields.map((f) => ({
      offsets: take((b, o, n) => new Int32Array(b, o, n), f.terms + 1, 4),
      docs: take((b, o, n) => new Int32Array(b, o, n), f.postings, 4),
      freqs: take((b, o, n) => new Uint16Array(b, o, n), f.postings, 2),
      lengths: take((b, o, n) => new Uint32Array(b, o, n), f.documents, 4),
      averageLength: f.averageLength,
    }));
    const documentFrequency = take((b, o, n) => new Int32Array(b, o, n), meta.vocabulary.length, 4);
    return new LexicalIndex({ ids: meta.ids, vocabulary: meta.vocabulary, fields, documentFrequency });
  }
}
