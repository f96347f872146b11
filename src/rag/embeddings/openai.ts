import { RagError } from "../errors.js";
import type { Embedder } from "./types.js";

/**
 * Any OpenAI-compatible embeddings endpoint (OpenAI, Ollama, vLLM, LM Studio, TEI) through
 * @langchain/openai. A local server usually needs no key; OpenAI itself does.
 */
export async function createOpenAIEmbedder(
  model: string,
  options: { baseUrl?: string; apiKey?: string; batchSize: number },
): Promise<Embedder> {
  if (!options.baseUrl && !options.apiKey) {
    throw new RagError(
      "EMBEDDINGS_UNAVAILABLE",
      `EMBEDDINGS=openai:${model} needs EMBEDDINGS_API_KEY (or OPENAI_API_KEY), or EMBEDDINGS_BASE_URL for a local server`,
    );
  }
  const { OpenAIEmbeddings } = await import("@langchain/openai");
  const embeddings = new OpenAIEmbeddings({
    model,
    apiKey: options.apiKey ?? "not-needed",
    batchSize: options.batchSize,
    configuration: options.baseUrl ? { baseURL: options.baseUrl } : undefined,
  });
  let probe: number[];
  try {
    probe = await embeddings.embedQuery("dimension probe");
  } catch (error) {
    throw new RagError("EMBEDDINGS_UNAVAILABLE", `Embeddings server for openai:${model} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { id: `openai:${model}`, dimension: probe.length, embeddings };
}
