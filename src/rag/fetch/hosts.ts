/**
 * One request at a time per host, with a pause between them: the crawler's manners. A host that
 * answered 429 or 503 with Retry-After is left alone until then, by every request for it.
 */
export interface HostGate {
  /** Runs `work` when the host is free and its pause has passed; `pauseMs` is this host's pause. */
  run<T>(host: string, pauseMs: number, work: () => Promise<T>): Promise<T>;
  /** Nothing is sent to `host` before `until` (a Retry-After). */
  holdUntil(host: string, until: number): void;
}

interface HostState {
  /** The chain of requests for this host, one after another. */
  tail: Promise<unknown>;
  /** When the last request ended, or the time a Retry-After named. */
  readyAt: number;
}

import { LRUCache } from "lru-cache";

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export function createHostGate(now: () => number = Date.now): HostGate {
  // Bounded: a sitemap may name thousands of hosts; a host forgotten only loses its pause.
  const hosts = new LRUCache<string, HostState>({ max: 5000 });
  const stateOf = (host: string) => {
    let state = hosts.get(host);
    if (!state) {
      state = { tail: Promise.resolve(), readyAt: 0 };
      hosts.set(host, state);
    }
    return state;
  };
  return {
    run(host, pauseMs, work) {
      const state = stateOf(host);
      const run = state.tail.then(async () => {
        await sleep(state.readyAt - now());
        try {
          return await work();
        } finally {
          state.readyAt = Math.max(state.readyAt, now() + pauseMs);
        }
      });
      state.tail = run.catch(() => undefined);
      return run;
    },
    holdUntil(host, until) {
      const state = stateOf(host);
      state.readyAt = Math.max(state.readyAt, until);
    },
  };
}
