import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One embeddings request as the fake received it. */
export interface EmbeddingsRequest {
  model: string;
  input: string[];
}

/**
 * What the fake does with the n-th request (from 1): answer with vectors of `dimension` (after
 * `delayMs`, a model's time), or fail.
 */
export type EmbeddingsScript = (n: number, request: EmbeddingsRequest) => { dimension: number; delayMs?: number } | { status: number };

/** A deterministic bag-of-words vector: each word hashes to a dimension, so similar texts are near. */
function vectorOf(text: string, dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    v[createHash("sha256").update(word).digest().readUInt32LE(0) % dimension]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/**
 * A minimal OpenAI-compatible embeddings server on 127.0.0.1 (POST /v1/embeddings, as
 * text-embeddings-inference, Ollama and vLLM serve it), answering from a script and recording
 * every request, so tests drive the real @langchain/openai client over HTTP.
 */
export async function startFakeEmbeddings(
  script: EmbeddingsScript,
): Promise<{ baseUrl: string; requests: EmbeddingsRequest[]; setScript(s: EmbeddingsScript): void; close(): Promise<void> }> {
  const requests: EmbeddingsRequest[] = [];
  let current = script;
  const server: Server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.method !== "POST" || !req.url?.endsWith("/embeddings")) {
      res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = JSON.parse(raw) as { model: string; input: string | string[]; encoding_format?: string };
    const request = { model: body.model, input: Array.isArray(body.input) ? body.input : [body.input] };
    requests.push(request);
    const reply = current(requests.length, request);
    if ("status" in reply) {
      // Retry-After in milliseconds keeps a retried test fast; clients that ignore it back off anyway.
      res
        .writeHead(reply.status, { "Content-Type": "application/json", "retry-after-ms": "10", "retry-after": "0" })
        .end(JSON.stringify({ error: { message: `scripted ${reply.status}`, type: "server_error" } }));
      return;
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const data = request.input.map((text, index) => {
      const v = vectorOf(text, reply.dimension);
      // The openai client asks for base64 by default and decodes it; plain arrays otherwise.
      const embedding = body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
      return { object: "embedding", index, embedding };
    });
    res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setScript: (s) => {
      current = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
