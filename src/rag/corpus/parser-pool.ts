import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { skipFile, type ParsedFile } from "./parsed.js";
import type { Listing, ListingRequest } from "./listing.js";

/** Parses one article file's bytes, by its name's format; never rejects (a failure is a skipped file with its reason). */
export type ArticleParser = (bytes: Uint8Array, file: string) => Promise<ParsedFile>;

export interface ParserPoolOptions {
  /** Worker threads; parsing several files at once uses every core. */
  threads: number;
  /** A file still parsing after this long is skipped and its worker replaced. */
  timeoutMs: number;
  /** Heap limit of a worker; a file that needs more is skipped. */
  memoryMb: number;
  /** Idle workers are stopped after this long, returning their memory. */
  idleMs: number;
}

export const DEFAULT_PARSER_OPTIONS: ParserPoolOptions = {
  threads: Math.min(2, availableParallelism()),
  timeoutMs: 30_000,
  memoryMb: 1024,
  idleMs: 30_000,
};

/** One piece of work for a worker: its message, and what to answer when the worker answers or fails. */
interface Task {
  message: { bytes: Uint8Array; file?: string; listing?: ListingRequest };
  resolve: (result: unknown) => void;
  /** The answer when the worker could not do it (timed out, ran out of memory, crashed). */
  failed: (why: string) => unknown;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
}

// The parsers run as TypeScript under tsx (development, tests) and as JavaScript once compiled.
const WORKER_URL = new URL("./parse-worker.mjs", import.meta.url);
const PARSER_MODULE = new URL(`./parse${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

/**
 * A pool of worker threads that parse article files off the main thread, each file bounded in
 * time and memory: the bot keeps acknowledging questions within Discord's 3 s while a moderator's
 * upload (or a whole corpus) is parsed, and a file that would take minutes is skipped instead.
 */
export function createParserPool(options: ParserPoolOptions): ArticleParser & { parseListing: ListingParser; close(): Promise<void> } {
  const queue: Task[] = [];
  const slots = new Set<Slot>();

  function finish(slot: Slot, result: unknown): void {
    const task = slot.task;
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    task?.resolve(result);
  }

  function retire(slot: Slot, why?: string): void {
    slots.delete(slot);
    clearTimeout(slot.idle);
    if (slot.task) finish(slot, slot.task.failed(why ?? "the parser stopped"));
    void slot.worker.terminate();
    pump();
  }

  function spawn(): Slot {
    const worker = new Worker(WORKER_URL, {
      workerData: { parserModule: PARSER_MODULE },
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    const slot: Slot = { worker, ready: false };
    worker.on("message", (message: { ready?: true; result?: unknown }) => {
      if (message.ready) {
        slot.ready = true;
        return pump();
      }
      if (message.result) finish(slot, message.result);
      pump();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (!slot.ready) {
        // A worker that cannot even start would fail every file the same way: say so for each, once.
        for (const task of queue.splice(0)) task.resolve(task.failed(`the parser could not start (${error.message})`));
      }
      const why =
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `needed more than ${options.memoryMb} MB to parse`
          : `the parser failed (${error.message})`;
      retire(slot, why);
    });
    worker.on("exit", () => slots.has(slot) && retire(slot));
    slots.add(slot);
    return slot;
  }

  function start(slot: Slot, task: Task): void {
    clearTimeout(slot.idle);
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => retire(slot, `took longer than ${options.timeoutMs / 1000} s to parse`), options.timeoutMs);
    slot.worker.postMessage(task.message);
  }

  function pump(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.task) continue;
      const task = queue.shift();
      if (task) {
        start(slot, task);
        continue;
      }
      // Idle: let the process exit, and stop the worker if nothing comes for a while.
      slot.worker.unref();
      clearTimeout(slot.idle);
      slot.idle = setTimeout(() => retire(slot), options.idleMs).unref();
    }
    const starting = [...slots].filter((s) => !s.ready).length;
    if (queue.length > starting && slots.size < options.threads) spawn();
  }

  function run<T>(message: Task["message"], failed: (why: string) => T): Promise<T> {
    return new Promise<T>((resolve) => {
      queue.push({ message, resolve: resolve as (result: unknown) => void, failed });
      pump();
    });
  }

  const parse: ArticleParser = (bytes, file) => run({ bytes, file }, (why) => skipFile(file, why));
  return Object.assign(parse, {
    /** Reads a feed, a sitemap or a page's links, off the main thread and bounded like a file. */
    parseListing: (bytes: Uint8Array, listing: ListingRequest) =>
      run<Listing>({ bytes, listing }, (why) => ({ kind: "unknown", reason: why })),
    async close() {
      for (const slot of [...slots]) retire(slot);
    },
  });
}

/** A pool's listing reader: feeds, sitemaps and a page's links, parsed in the pool's workers. */
export type ListingParser = (bytes: Uint8Array, listing: ListingRequest) => Promise<Listing>;

const shared = new Map<string, ReturnType<typeof createParserPool>>();

/** One pool per process and setting (worker threads are a per-machine resource, shared by every engine). */
export function sharedParserPool(overrides: Partial<ParserPoolOptions> = {}): ReturnType<typeof createParserPool> {
  const options = { ...DEFAULT_PARSER_OPTIONS, ...overrides };
  const key = JSON.stringify(options);
  let pool = shared.get(key);
  if (!pool) {
    pool = createParserPool(options);
    shared.set(key, pool);
  }
  return pool;
}
