import type { CoreConfig } from "../../config/index.js";
import { RagError } from "../errors.js";
import type { Logger } from "../logger.js";
import { createOpenAIEmbedder } from "./openai.js";
import { createTransformersEmbedder, DEFAULT_TRANSFORMERS_MODEL, loadTransformers, type TransformersLoader } from "./transformers.js";
import { createUseLiteEmbedder, USE_LITE_ID } from "./use-lite.js";
import type { Embedder } from "./types.js";

export type { Embedder } from "./types.js";

export interface EmbedderDeps {
  /** The embedder id of the index on disk, if any: `auto` keeps using it when it can. */
  previousId?: string;
  loadTransformers?: TransformersLoader;
  log: Logger;
}

type EmbeddingsConfig = CoreConfig["embeddings"];

/** The one provider switch: turns the EMBEDDINGS setting into a model. */
export async function createEmbedder(config: EmbeddingsConfig, deps: EmbedderDeps): Promise<Embedder> {
  const [kind, ...rest] = config.spec.split(":");
  const model = rest.join(":");
  const transformers = (name: string, allowDownload: boolean) =>
    createTransformersEmbedder(name, {
      cacheDir: config.cacheDir,
      allowDownload,
      timeoutMs: config.downloadTimeoutMs,
      batchSize: config.batchSize,
      load: deps.loadTransformers ?? loadTransformers,
    });
  try {
    switch (kind) {
      case "use-lite":
        return await createUseLiteEmbedder({ batchSize: config.batchSize, threads: config.threads || undefined });
      case "transformers":
        return await transformers(model, true);
      case "openai":
        return await createOpenAIEmbedder(model, { ...config });
      case "auto":
        return await resolveAuto(config, deps, transformers);
    }
  } catch (error) {
    if (error instanceof RagError) throw error;
    throw new RagError("EMBEDDINGS_UNAVAILABLE", `Embeddings ${config.spec} unavailable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  throw new RagError("EMBEDDINGS_UNAVAILABLE", `Unknown EMBEDDINGS setting: ${config.spec}`);
}

/**
 * `auto`: the model the existing index was built with if it is here; else all-MiniLM-L6-v2
 * (cached, or downloaded within the time limit); else USE-lite, which is always here.
 */
async function resolveAuto(
  config: EmbeddingsConfig,
  deps: EmbedderDeps,
  transformers: (model: string, allowDownload: boolean) => Promise<Embedder>,
): Promise<Embedder> {
  const { previousId, log } = deps;
  if (previousId === USE_LITE_ID) {
    // The usual case, on every command: said only with --verbose.
    log.debug({ embedder: USE_LITE_ID }, "embeddings: USE-lite, the model the existing index was built with");
    return createUseLiteEmbedder({ batchSize: config.batchSize, threads: config.threads || undefined });
  }
  const candidates = [
    ...(previousId?.startsWith("transformers:")
      ? [{ model: previousId.slice(13), why: "the model the existing index was built with" }]
      : []),
    { model: DEFAULT_TRANSFORMERS_MODEL, why: "the stronger default model" },
  ];
  for (const { model, why } of candidates) {
    for (const allowDownload of [false, true]) {
      try {
        const embedder = await transformers(model, allowDownload);
        log.info({ embedder: embedder.id }, `embeddings: ${model}, ${why}${allowDownload ? " (downloaded)" : " (cached)"}`);
        return embedder;
      } catch (error) {
        log.debug({ model, allowDownload, err: (error as Error).message }, "embeddings: candidate unavailable");
        if (isModuleMissing(error)) break;
      }
    }
  }
  log.info({ embedder: USE_LITE_ID }, "embeddings: USE-lite (offline fallback; Transformers.js or its model is unavailable)");
  return createUseLiteEmbedder({ batchSize: config.batchSize, threads: config.threads || undefined });
}

function isModuleMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
