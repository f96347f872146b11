import { describe, expect, it } from "vitest";
import { createEmbedder } from "../../../src/rag/embeddings/index.js";
import type { TransformersModule } from "../../../src/rag/embeddings/transformers.js";
import { loadCoreConfig } from "../../../src/config/index.js";
import { createLogger } from "../../../src/rag/index.js";

const config = (env: Record<string, string> = {}) => loadCoreConfig({ EMBEDDINGS_DOWNLOAD_TIMEOUT_MS: "2000", ...env }).embeddings;

/** Collects what the switch logs, to check it says which model it chose and why. */
function recordingLog() {
  const lines: string[] = [];
  const log = createLogger({ level: "debug", format: "json" });
  const wrap = (level: string) => (obj: unknown, msg?: string) => lines.push(`${level}: ${typeof obj === "string" ? obj : msg}`);
  return {
    lines,
    log: { ...log, info: wrap("info"), debug: wrap("debug"), warn: wrap("warn"), child: () => log } as unknown as typeof log,
  };
}

const missingModule = async (): Promise<TransformersModule> => {
  const error = new Error("Cannot find package '@huggingface/transformers'") as NodeJS.ErrnoException;
  error.code = "ERR_MODULE_NOT_FOUND";
  throw error;
};

/** A stand-in for Transformers.js whose "model" is cached or not, and can be downloaded or not. */
function fakeTransformers(options: { cached: boolean; downloadable: boolean }) {
  const calls: { model: string; remote: boolean }[] = [];
  const mod: TransformersModule = {
    env: { cacheDir: null, allowRemoteModels: true },
    async pipeline(_task, model) {
      const remote = mod.env.allowRemoteModels;
      calls.push({ model, remote });
      if (!options.cached && !(remote && options.downloadable)) throw new Error("model not available");
      return async (texts: string[]) => ({ tolist: () => texts.map(() => [0.6, 0.8, 0]) });
    },
  };
  return { load: async () => mod, calls };
}

describe("createEmbedder", () => {
  it("GIVEN auto and Transformers.js not installed THEN it falls back to USE-lite and says why", async () => {
    const { lines, log } = recordingLog();
    const embedder = await createEmbedder(config(), { log, loadTransformers: missingModule });
    expect(embedder).toMatchObject({ id: "use-lite", dimension: 512 });
    expect(lines.join("\n")).toMatch(/USE-lite \(offline fallback/);
    const [v] = await embedder.embeddings.embedDocuments(["North Korea sold arms to Wagner."]);
    expect(v).toHaveLength(512);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
  });

  it("GIVEN auto and a cached MiniLM THEN it is used without a download", async () => {
    const fake = fakeTransformers({ cached: true, downloadable: false });
    const { lines, log } = recordingLog();
    const embedder = await createEmbedder(config(), { log, loadTransformers: fake.load });
    expect(embedder).toMatchObject({ id: "transformers:Xenova/all-MiniLM-L6-v2", dimension: 3 });
    expect(fake.calls).toEqual([{ model: "Xenova/all-MiniLM-L6-v2", remote: false }]);
    expect(lines.join("\n")).toMatch(/\(cached\)/);
  });

  it("GIVEN auto, no cache but a reachable hub THEN MiniLM is downloaded", async () => {
    const fake = fakeTransformers({ cached: false, downloadable: true });
    const embedder = await createEmbedder(config(), { log: recordingLog().log, loadTransformers: fake.load });
    expect(embedder.id).toBe("transformers:Xenova/all-MiniLM-L6-v2");
    expect(fake.calls.map((c) => c.remote)).toEqual([false, true]);
  });

  it("GIVEN auto, no cache and no network THEN it falls back to USE-lite", async () => {
    const fake = fakeTransformers({ cached: false, downloadable: false });
    const embedder = await createEmbedder(config(), { log: recordingLog().log, loadTransformers: fake.load });
    expect(embedder.id).toBe("use-lite");
  });

  it("GIVEN auto and an index built with USE-lite THEN USE-lite is kept without trying Transformers.js", async () => {
    const fake = fakeTransformers({ cached: true, downloadable: true });
    const embedder = await createEmbedder(config(), { previousId: "use-lite", log: recordingLog().log, loadTransformers: fake.load });
    expect(embedder.id).toBe("use-lite");
    expect(fake.calls).toEqual([]);
  });

  it("GIVEN a download that hangs THEN the wait is bounded", async () => {
    const mod: TransformersModule = {
      env: { cacheDir: null, allowRemoteModels: true },
      pipeline: (_t, _m) => (mod.env.allowRemoteModels ? new Promise(() => undefined) : Promise.reject(new Error("not cached"))),
    };
    // Unbounded, this would never return: the test would time out.
    const embedder = await createEmbedder(config({ EMBEDDINGS_DOWNLOAD_TIMEOUT_MS: "200" }), {
      log: recordingLog().log,
      loadTransformers: async () => mod,
    });
    expect(embedder.id).toBe("use-lite");
  });

  it("GIVEN openai embeddings without a key or base URL THEN the error names the settings", async () => {
    await expect(
      createEmbedder(config({ EMBEDDINGS: "openai:text-embedding-3-small" }), { log: recordingLog().log }),
    ).rejects.toMatchObject({
      code: "EMBEDDINGS_UNAVAILABLE",
      message: expect.stringMatching(/EMBEDDINGS_API_KEY/),
    });
  });

  it("GIVEN transformers explicitly and the package missing THEN the error is clear", async () => {
    await expect(
      createEmbedder(config({ EMBEDDINGS: "transformers:Xenova/all-MiniLM-L6-v2" }), {
        log: recordingLog().log,
        loadTransformers: missingModule,
      }),
    ).rejects.toMatchObject({ code: "EMBEDDINGS_UNAVAILABLE", message: expect.stringMatching(/transformers/) });
  });
});
