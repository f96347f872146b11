import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A chat completions request as the fake received it. */
export interface RecordedRequest {
  path: string;
  authorization?: string;
  body: { model: string; stream?: boolean; messages: { role: string; content: string }[]; [key: string]: unknown };
}

/** What the fake answers to one request: text (streamed in pieces when asked), an HTTP error, or silence. */
type Reply =
  | { content: string; delayMs?: number; chunkDelayMs?: number }
  | { status: number; delayMs?: number; message?: string }
  | { hang: true };

export type Script = (request: RecordedRequest) => Reply;

async function readBody(req: IncomingMessage): Promise<string> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data;
}

/**
 * A minimal OpenAI-compatible server on 127.0.0.1 (POST /v1/chat/completions, with and without
 * streaming) that answers from a script and records every request, so tests drive the real
 * @langchain/openai client over HTTP.
 */
export async function startFakeOpenAI(
  script: Script,
): Promise<{ baseUrl: string; requests: RecordedRequest[]; setScript(s: Script): void; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  let current = script;
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const request: RecordedRequest = { path: req.url, authorization: req.headers.authorization, body: JSON.parse(raw) };
    requests.push(request);
    const reply = current(request);
    if ("hang" in reply) return; // Never answers; the client's timeout must fire.
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if ("status" in reply) {
      res
        .writeHead(reply.status, { "Content-Type": "application/json" })
        .end(JSON.stringify({ error: { message: reply.message ?? "scripted failure", type: "server_error" } }));
      return;
    }
    const base = { id: "chatcmpl-fake", created: Math.floor(Date.now() / 1000), model: request.body.model };
    if (request.body.stream) {
      res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
      const pieces = reply.content.match(/.{1,12}/gs) ?? [];
      for (const piece of pieces) {
        res.write(
          `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
        );
        await new Promise((r) => setTimeout(r, reply.chunkDelayMs ?? 2));
      }
      res.write(
        `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
      );
      res.end("data: [DONE]\n\n");
      return;
    }
    res.writeHead(200, { "Content-Type": "application/json" }).end(
      JSON.stringify({
        ...base,
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: reply.content }, finish_reason: "stop" }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setScript: (s) => (current = s),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The number the request gave to the source whose text contains `phrase`. */
export function sourceNumber(request: RecordedRequest, phrase: string): number {
  const user = request.body.messages.find((m) => m.role === "user")!.content;
  for (const m of user.matchAll(/<source n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/source>/g)) if (m[2]!.includes(phrase)) return Number(m[1]);
  throw new Error(`no source contains ${JSON.stringify(phrase)}`);
}
