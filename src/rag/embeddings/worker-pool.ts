import { Worker } from "node:worker_threads";

type Reply = { id: number; vectors?: number[][]; error?: string };

/**
 * A fixed set of embedding workers. Each call's texts are split into one slice per worker and
 * embedded in parallel. Workers are unref'd, so an idle pool never keeps the process alive.
 */
export class EmbeddingWorkerPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (v: number[][]) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(script: URL, size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script);
      worker.unref();
      worker.on("message", (reply: Reply) => {
        const waiter = this.pending.get(reply.id);
        if (!waiter) return;
        this.pending.delete(reply.id);
        if (reply.error !== undefined) waiter.reject(new Error(reply.error));
        else waiter.resolve(reply.vectors ?? []);
      });
      worker.on("error", (error) => this.failAll(error));
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  private run(worker: Worker, texts: string[]): Promise<number[][]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts });
    });
  }

  /** Embeds `texts` across all workers, keeping their order. */
  async embed(texts: string[]): Promise<number[][]> {
    const per = Math.ceil(texts.length / this.workers.length);
    const slices = this.workers.map((w, i) => ({ w, texts: texts.slice(i * per, (i + 1) * per) })).filter((s) => s.texts.length);
    const results = await Promise.all(slices.map((s) => this.run(s.w, s.texts)));
    return results.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
