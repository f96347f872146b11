/**
 * A compact BM25 index: postings in typed arrays (compressed sparse rows per field), so 100k
 * passages take tens of megabytes instead of the gigabyte a map-per-term index needs, load
 * without parsing a large JSON, and score a query by walking flat arrays.
 *
 * Scoring is classic BM25 per field (idf from the field's document frequency, length
 * normalisation by the field's average length), summed over fields with a boost: what Lucene's
 * and MiniSearch's BM25 compute for the same analysis. The passage index uses one field
 * (lexical.ts); several are kept for the evaluation sweeps.
 */

import { noPause, type Pause } from "../../pace.js";

export interface FieldPostings {
  /** offsets[t]..offsets[t+1] index the postings of term t. */
  offsets: Int32Array;
  docs: Int32Array;
  freqs: Uint16Array;
  /** Terms per document in this field. */
  lengths: Uint32Array;
  averageLength: number;
}

export interface Bm25Data {
  ids: string[];
  vocabulary: string[];
  fields: FieldPostings[];
  /** Documents containing each term in any field. */
  documentFrequency: Int32Array;
}

export interface Bm25Params {
  k1: number;
  b: number;
  /** Weight of each field's score, in field order. */
  boosts: number[];
}

/** Documents to index: an id and the text of each field, in field order. */
export interface Bm25Document {
  id: string;
  fields: string[];
}

type Analyse = (text: string) => string[];

/** Term frequencies of one document's fields, as term ids. */
function analyseDocument(
  doc: Bm25Document,
  analyse: Analyse,
  termIndex: Map<string, number>,
  vocabulary: string[],
): { counts: Map<number, number>; length: number }[] {
  return doc.fields.map((text) => {
    const counts = new Map<number, number>();
    const terms = analyse(text);
    for (const term of terms) {
      let id = termIndex.get(term);
      if (id === undefined) {
        id = vocabulary.length;
        vocabulary.push(term);
        termIndex.set(term, id);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return { counts, length: terms.length };
  });
}

/** An Int32Array that grows, so millions of postings never become millions of JS numbers in arrays. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

function averageOf(lengths: Uint32Array): number {
  let total = 0;
  for (const l of lengths) total += l;
  return lengths.length ? total / lengths.length : 0;
}

/** Packs (term, doc, freq) triples, given in ascending document order, into per-term rows. */
function pack(terms: number, term: IntList, doc: IntList, freq: IntList, lengths: Uint32Array): FieldPostings {
  const offsets = new Int32Array(terms + 1);
  for (let i = 0; i < term.length; i++) offsets[term.data[i]! + 1]!++;
  for (let t = 0; t < terms; t++) offsets[t + 1]! += offsets[t]!;
  const cursor = offsets.slice(0, terms);
  const docs = new Int32Array(term.length);
  const freqs = new Uint16Array(term.length);
  for (let i = 0; i < term.length; i++) {
    const at = cursor[term.data[i]!]!++;
    docs[at] = doc.data[i]!;
    freqs[at] = Math.min(freq.data[i]!, 65535);
  }
  return { offsets, docs, freqs, lengths, averageLength: averageOf(lengths) };
}

/** An old field's rows with removed documents dropped and renumbered, then the new documents' postings appended. */
function merge(
  old: FieldPostings,
  remap: Int32Array,
  terms: number,
  added: Map<number, { doc: number; freq: number }[]>,
  lengths: Uint32Array,
): FieldPostings {
  const oldTerms = old.offsets.length - 1;
  const offsets = new Int32Array(terms + 1);
  for (let t = 0; t < terms; t++) {
    let count = added.get(t)?.length ?? 0;
    if (t < oldTerms) for (let i = old.offsets[t]!; i < old.offsets[t + 1]!; i++) if (remap[old.docs[i]!]! >= 0) count++;
    offsets[t + 1] = offsets[t]! + count;
  }
  const docs = new Int32Array(offsets[terms]!);
  const freqs = new Uint16Array(offsets[terms]!);
  for (let t = 0; t < terms; t++) {
    let at = offsets[t]!;
    if (t < oldTerms) {
      for (let i = old.offsets[t]!; i < old.offsets[t + 1]!; i++) {
        const doc = remap[old.docs[i]!]!;
        if (doc < 0) continue;
        docs[at] = doc;
        freqs[at++] = old.freqs[i]!;
      }
    }
    for (const p of added.get(t) ?? []) {
      docs[at] = p.doc;
      freqs[at++] = Math.min(p.freq, 65535);
    }
  }
  return { offsets, docs, freqs, lengths, averageLength: averageOf(lengths) };
}

/** Counts, per term, the documents that hold it in any field (a merge of the sorted rows). */
function unionFrequency(fields: FieldPostings[], terms: number): Int32Array {
  const df = new Int32Array(terms);
  const at = new Int32Array(fields.length);
  for (let t = 0; t < terms; t++) {
    for (let i = 0; i < fields.length; i++) at[i] = fields[i]!.offsets[t]!;
    let count = 0;
    for (;;) {
      let next = Infinity;
      fields.forEach((f, i) => {
        if (at[i]! < f.offsets[t + 1]! && f.docs[at[i]!]! < next) next = f.docs[at[i]!]!;
      });
      if (next === Infinity) break;
      count++;
      fields.forEach((f, i) => {
        if (at[i]! < f.offsets[t + 1]! && f.docs[at[i]!] === next) at[i]!++;
      });
    }
    df[t] = count;
  }
  return df;
}

/**
 * Builds the index. `base` (an existing index) and `keep` (which of its documents stay) let an
 * update reuse the old postings without analysing their text again: only `documents` are analysed.
 */
export async function buildBm25(
  documents: Bm25Document[],
  fieldCount: number,
  analyse: Analyse,
  base?: { data: Bm25Data; keep: (docIndex: number) => boolean },
  pause: Pause = noPause,
): Promise<Bm25Data> {
  const vocabulary = base ? [...base.data.vocabulary] : [];
  const termIndex = new Map(vocabulary.map((t, i) => [t, i]));
  const ids: string[] = [];
  const remap = new Int32Array(base?.data.ids.length ?? 0).fill(-1);
  base?.data.ids.forEach((id, i) => {
    if (!base.keep(i)) return;
    remap[i] = ids.length;
    ids.push(id);
  });
  const firstNew = ids.length;
  for (const d of documents) ids.push(d.id);
  const lengths = Array.from({ length: fieldCount }, () => new Uint32Array(ids.length));
  for (const [f, field] of base?.data.fields.entries() ?? []) {
    for (const [i, length] of field.lengths.entries()) if (remap[i]! >= 0) lengths[f]![remap[i]!] = length;
  }

  let fields: FieldPostings[];
  if (base) {
    // Only the added documents are analysed; the old rows are copied over.
    const added = Array.from({ length: fieldCount }, () => new Map<number, { doc: number; freq: number }[]>());
    for (const [j, d] of documents.entries()) {
      analyseDocument(d, analyse, termIndex, vocabulary).forEach(({ counts, length }, f) => {
        lengths[f]![firstNew + j] = length;
        for (const [term, freq] of counts) {
          let row = added[f]!.get(term);
          if (!row) {
            row = [];
            added[f]!.set(term, row);
          }
          row.push({ doc: firstNew + j, freq });
        }
      });
      await pause();
    }
    fields = base.data.fields.map((old, f) => merge(old, remap, vocabulary.length, added[f]!, lengths[f]!));
  } else {
    // One document at a time into flat arrays: nothing per document outlives its own analysis.
    const lists = Array.from({ length: fieldCount }, () => ({ term: new IntList(), doc: new IntList(), freq: new IntList() }));
    for (const [j, d] of documents.entries()) {
      analyseDocument(d, analyse, termIndex, vocabulary).forEach(({ counts, length }, f) => {
        lengths[f]![j] = length;
        for (const [t, n] of counts) {
          lists[f]!.term.push(t);
          lists[f]!.doc.push(j);
          lists[f]!.freq.push(n);
        }
      });
      await pause();
    }
    fields = lists.map((l, f) => pack(vocabulary.length, l.term, l.doc, l.freq, lengths[f]!));
  }
  return { ids, vocabulary, fields, documentFrequency: unionFrequency(fields, vocabulary.length) };
}

/** A bounded min-heap of the best `size` scores. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly size: number) {}

  offer(doc: number, score: number): void {
    if (this.docs.length < this.size) {
      this.docs.push(doc);
      this.scores.push(score);
      this.up(this.docs.length - 1);
    } else if (score > this.scores[0]!) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private swap(i: number, j: number) {
    [this.docs[i], this.docs[j]] = [this.docs[j]!, this.docs[i]!];
    [this.scores[i], this.scores[j]] = [this.scores[j]!, this.scores[i]!];
  }
  private up(i: number) {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent]! <= this.scores[i]!) return;
      this.swap(i, parent);
      i = parent;
    }
  }
  private down(i: number) {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < this.docs.length && this.scores[l]! < this.scores[min]!) min = l;
      if (r < this.docs.length && this.scores[r]! < this.scores[min]!) min = r;
      if (min === i) return;
      this.swap(i, min);
      i = min;
    }
  }
}

/** Scores every document holding a query term and returns the best `limit`, best first. */
export function searchBm25(
  data: Bm25Data,
  termIndex: Map<string, number>,
  queryTerms: string[],
  limit: number,
  params: Bm25Params,
  filter?: (docIndex: number) => boolean,
): { doc: number; score: number }[] {
  const n = data.ids.length;
  const scores = new Float64Array(n);
  const touched: number[] = [];
  for (const term of new Set(queryTerms)) {
    const t = termIndex.get(term);
    if (t === undefined) continue;
    data.fields.forEach((field, f) => {
      const start = field.offsets[t]!;
      const end = field.offsets[t + 1]!;
      const df = end - start;
      if (df === 0) return;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const weight = idf * (params.boosts[f] ?? 1) * (params.k1 + 1);
      const avg = field.averageLength || 1;
      for (let i = start; i < end; i++) {
        const doc = field.docs[i]!;
        const tf = field.freqs[i]!;
        const norm = params.k1 * (1 - params.b + (params.b * field.lengths[doc]!) / avg);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (weight * tf) / (tf + norm);
      }
    });
  }
  const top = new TopK(limit);
  for (const doc of touched) if (!filter || filter(doc)) top.offer(doc, scores[doc]!);
  return top.sorted();
}
