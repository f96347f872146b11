import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";

/** Vectors inserted between two chances for other work to run (about 50 ms of hnswlib at 512 dimensions). */
const INSERT_SLICE = 256;

/** The dense index: HNSW graph (hnswlib-node) through LangChain's HNSWLib vector store. */
export class VectorIndex {
  private constructor(readonly store: HNSWLib) {}

  /**
   * Builds the graph over `vectors`. The docstore keeps only each passage's id: the passage
   * text lives once, in passages.jsonl, instead of twice on disk and in memory.
   */
  static async build(embeddings: EmbeddingsInterface, dimension: number, ids: string[], vectors: number[][]): Promise<VectorIndex> {
    const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: dimension });
    // An empty graph too (a lexical-first build with nothing embedded yet) must be initialised to be saved.
    // (initIndex is private in LangChain's types, public at run time, and what addVectors calls first.)
    await (store as unknown as { initIndex(v: number[][]): Promise<void> }).initIndex(vectors);
    const index = new VectorIndex(store);
    await index.addInSlices(ids, vectors);
    return index;
  }

  /**
   * Inserts vectors a slice at a time, letting other work run between slices: hnswlib inserts
   * synchronously, and 10,000 vectors at once held every other question for a second or more
   * (a server's reindex stalled the other servers' answers).
   */
  private async addInSlices(ids: string[], vectors: number[][]): Promise<void> {
    for (let start = 0; start < vectors.length; start += INSERT_SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.store.addVectors(
        vectors.slice(start, start + INSERT_SLICE),
        ids.slice(start, start + INSERT_SLICE).map((id) => new Document({ pageContent: "", metadata: { id } })),
      );
      // Room for the rest at once (LangChain sizes an empty graph to its first slice, and would grow it slice by slice).
      const needed = this.store.index.getCurrentCount() + Math.max(0, vectors.length - start - INSERT_SLICE);
      if (needed > this.store.index.getMaxElements()) this.store.index.resizeIndex(needed);
    }
  }

  static async load(dir: string, embeddings: EmbeddingsInterface): Promise<VectorIndex> {
    return new VectorIndex(await HNSWLib.load(dir, embeddings));
  }

  async save(dir: string): Promise<void> {
    await this.store.save(dir);
  }

  /** Passages searchable now (deleted ones excluded). */
  get size(): number {
    return this.store.docstore._docs.size;
  }

  /** Share of the graph's slots held by deleted passages; past a point a rebuild is cheaper than the waste. */
  get deletedShare(): number {
    const slots = this.store.index.getCurrentCount();
    return slots === 0 ? 0 : (slots - this.size) / slots;
  }

  /**
   * Updates the graph in place: removed passages are marked deleted (hnswlib skips them in
   * search) and new ones are inserted, so a one-article change costs one article, not the corpus.
   */
  async update(removedIds: Set<string>, addedIds: string[], addedVectors: number[][]): Promise<void> {
    const docs = this.store.docstore._docs;
    for (const [label, doc] of docs) {
      if (!removedIds.has(String(doc.metadata.id))) continue;
      this.store.index.markDelete(Number(label));
      docs.delete(label);
    }
    if (addedIds.length) await this.addInSlices(addedIds, addedVectors);
  }

  /** Nearest passages to `vector` by cosine similarity, best first. */
  async query(
    vector: number[],
    limit: number,
    efSearch: number,
    filter?: (id: string) => boolean,
  ): Promise<{ id: string; score: number }[]> {
    const k = Math.min(limit, this.size);
    if (k === 0) return [];
    // ef below k makes hnswlib return fewer neighbours; recall rises with ef.
    this.store.index.setEf(Math.max(efSearch, k));
    const results = await this.store.similaritySearchVectorWithScore(
      vector,
      k,
      filter ? (doc: Document) => filter(String(doc.metadata.id)) : undefined,
    );
    // Ties (often exactly equal scores) go to the smaller id, so graphs built in another order rank alike.
    return results
      .map(([doc, distance]) => ({ id: String(doc.metadata.id), score: 1 - distance }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  }
}
