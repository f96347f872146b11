import MiniSearch from "minisearch";
import { stemmer } from "stemmer";
import type { Passage } from "../types.js";

/** Bump when tokenising or fields change: a lexical index built another way must be rebuilt. */
export const LEXICAL_VERSION = 1;

// Lucene's English stop words, as Anserini's BM25 baselines use.
const STOP_WORDS = new Set(
  "a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split(" "),
);

/** Lower-cases, drops stop words and Porter-stems, as Anserini's BM25 does. */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower)) return null;
  return stemmer(lower);
}

/** Splits on anything that is not a letter or digit; keeps "u.s." style terms whole-ish. */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const FIELDS = ["title", "text"];

export interface LexicalOptions {
  k1: number;
  b: number;
  /** Weight of a title match relative to the text. */
  titleBoost?: number;
}

/** BM25 over passages (title and text fields) with MiniSearch. */
export class LexicalIndex {
  private constructor(private readonly search: MiniSearch<Passage>) {}

  static build(passages: Passage[]): LexicalIndex {
    const ms = new MiniSearch<Passage>({ fields: FIELDS, idField: "id", tokenize, processTerm });
    ms.addAll(passages);
    return new LexicalIndex(ms);
  }

  static fromJSON(json: string): LexicalIndex {
    // Vacuuming runs in the background by default; updates here vacuum explicitly instead.
    return new LexicalIndex(MiniSearch.loadJSON<Passage>(json, { fields: FIELDS, idField: "id", tokenize, processTerm, autoVacuum: false }));
  }

  /** Removes and adds passages in place (a passage whose text changed is removed, then added). */
  async update(removedIds: Iterable<string>, added: Passage[]): Promise<void> {
    for (const id of removedIds) if (this.search.has(id)) this.search.discard(id);
    this.search.addAll(added);
    if (this.search.dirtFactor > 0.1) await this.search.vacuum();
  }

  toJSON(): string {
    return JSON.stringify(this.search);
  }

  get size(): number {
    return this.search.documentCount;
  }

  /** Ranked passage ids for `query`, best first. */
  query(query: string, limit: number, options: LexicalOptions, filter?: (id: string) => boolean): { id: string; score: number }[] {
    const results = this.search.search(query, {
      boost: { title: options.titleBoost ?? 1 },
      bm25: { k: options.k1, b: options.b, d: 0 },
      filter: filter ? (r) => filter(String(r.id)) : undefined,
    });
    return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score }));
  }
}
