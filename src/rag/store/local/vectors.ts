import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";

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
    await store.addVectors(
      vectors,
      ids.map((id) => new Document({ pageContent: "", metadata: { id } })),
    );
    return new VectorIndex(store);
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
    if (addedIds.length) {
      await this.store.addVectors(
        addedVectors,
        addedIds.map((id) => new Document({ pageContent: "", metadata: { id } })),
      );
    }
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
