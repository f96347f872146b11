/**
 * Exact nearest-passage search over a small build's own vectors (vectors.f32, passage order):
 * what a server library of a few hundred passages needs. A graph costs more than it saves there:
 * hnswlib allocates 65,536 label locks (about 2.6 MB) per graph whatever its size, in native
 * memory V8 neither counts nor hurries to free, so a thousand small libraries loaded and unloaded
 * in turn held gigabytes. Here the vectors stay in the build's one Float32Array (counted by V8,
 * freed with the view), and a scan of 4,096 passages at 512 dimensions takes a few milliseconds,
 * with perfect recall. Builds this small write no graph at all.
 */

/** Builds of at most this many passages are searched exactly and have no graph. */
export const EXACT_SEARCH_MAX_PASSAGES = 4096;

/** What serving needs of a dense index, graph or scan. */
export interface DenseSearch {
  /** Passages searchable now (the embedded ones). */
  readonly size: number;
  /** Nearest passages to `vector` by cosine similarity, best first, ties to the smaller id. */
  query(vector: number[], limit: number, efSearch: number, filter?: (id: string) => boolean): Promise<{ id: string; score: number }[]>;
}

export class ExactVectors implements DenseSearch {
  /** 1 / |row|, worked out when a row is first scanned (0: not yet). */
  private readonly inverseNorms: Float32Array;

  /**
   * Over a build's vectors in passage order, not a copy: a lexical-first build fills its NaN rows
   * in place as batches are embedded, and search sees each row once it is filled (a NaN row is
   * one not embedded yet, left out as the graph leaves it out).
   */
  constructor(
    private readonly ids: readonly string[],
    private readonly vectors: Float32Array,
    private readonly dimension: number,
  ) {
    this.inverseNorms = new Float32Array(ids.length);
  }

  get size(): number {
    let n = 0;
    for (let i = 0; i < this.ids.length; i++) if (!Number.isNaN(this.vectors[i * this.dimension])) n++;
    return n;
  }

  async query(
    vector: number[],
    limit: number,
    _efSearch: number,
    filter?: (id: string) => boolean,
  ): Promise<{ id: string; score: number }[]> {
    if (limit <= 0) return [];
    const dim = this.dimension;
    const rows = this.vectors;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vector[d]! * vector[d]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const q = Float32Array.from(vector, (x) => x * scale);
    const scored: { id: string; score: number }[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      const at = i * dim;
      if (Number.isNaN(rows[at])) continue;
      const id = this.ids[i]!;
      if (filter && !filter(id)) continue;
      let inverse = this.inverseNorms[i]!;
      if (inverse === 0) {
        let n = 0;
        for (let d = 0; d < dim; d++) n += rows[at + d]! * rows[at + d]!;
        inverse = this.inverseNorms[i] = n > 0 ? 1 / Math.sqrt(n) : 0;
      }
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += rows[at + d]! * q[d]!;
      scored.push({ id, score: dot * inverse });
    }
    // Ties (often exactly equal scores) go to the smaller id, as the graph's results do.
    return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }
}
