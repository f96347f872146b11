import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder } from "./types.js";

/** The part of Transformers.js this module uses. */
export interface TransformersModule {
  env: { cacheDir: string | null; allowRemoteModels: boolean };
  pipeline: (
    task: "feature-extraction",
    model: string,
    options?: Record<string, unknown>,
  ) => Promise<(texts: string[], options: { pooling: "mean"; normalize: boolean }) => Promise<{ tolist(): number[][] }>>;
}

export type TransformersLoader = () => Promise<TransformersModule>;

// A variable specifier keeps TypeScript and bundlers from requiring the optional package.
const TRANSFORMERS_PACKAGE = "@huggingface/transformers";

/** Loads Transformers.js if it is installed (it is an optional dependency). */
export const loadTransformers: TransformersLoader = async () => (await import(TRANSFORMERS_PACKAGE)) as TransformersModule;

export const DEFAULT_TRANSFORMERS_MODEL = "Xenova/all-MiniLM-L6-v2";

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A sentence-transformers model run by Transformers.js (ONNX), mean-pooled and normalised.
 * With `allowDownload` false only a model already in `cacheDir` is used.
 */
export async function createTransformersEmbedder(
  model: string,
  options: { cacheDir: string; allowDownload: boolean; timeoutMs: number; batchSize: number; load?: TransformersLoader },
): Promise<Embedder> {
  const tf = await (options.load ?? loadTransformers)();
  tf.env.cacheDir = options.cacheDir;
  tf.env.allowRemoteModels = options.allowDownload;
  const extractor = await withTimeout(tf.pipeline("feature-extraction", model, { dtype: "fp32" }), options.timeoutMs, `loading ${model}`);
  const embed = async (texts: string[]) => (await extractor(texts, { pooling: "mean", normalize: true })).tolist();
  const [probe] = await embed(["dimension probe"]);
  const batchSize = options.batchSize;

  class TransformersEmbeddings extends Embeddings {
    async embedDocuments(texts: string[]): Promise<number[][]> {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await embed(texts.slice(i, i + batchSize))));
      return out;
    }
    async embedQuery(text: string): Promise<number[]> {
      return (await embed([text]))[0]!;
    }
  }
  return { id: `transformers:${model}`, dimension: probe!.length, embeddings: new TransformersEmbeddings({}) };
}
