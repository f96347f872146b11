import type { CoreConfig } from "../../config/index.js";
import type { Logger } from "../logger.js";
import type { IndexStore } from "./store.js";

/** A store kind, as INDEX_STORE names it (the list of names is the config's, src/config/choices.ts). */
export type StoreKind = CoreConfig["index"]["store"];

interface StoreRegistration {
  /** How /status and the CLI name it. */
  label: string;
  /** Several processes can serve one index (shards in processes of their own, replicas). */
  shared: boolean;
  /** Opens the store the settings describe; loaded only when asked for (hnswlib for one, the pg driver for the other). */
  open(config: CoreConfig, log: Logger): Promise<IndexStore>;
}

/**
 * Every store, one line each: a new store is its folder under src/rag/store/ plus one entry here
 * (and its name in INDEX_STORES; the Record type makes the two agree). Nothing else names a kind.
 */
export const STORES: Record<StoreKind, StoreRegistration> = {
  local: {
    label: "local files",
    shared: false,
    open: async (config) =>
      (await import("./local/index.js")).createLocalStore(config.index.dir, config.index.lockWaitMs, {
        exactMaxPassages: config.index.exactMaxPassages,
      }),
  },
  postgres: {
    label: "PostgreSQL (shared)",
    shared: true,
    open: async (config, log) =>
      (await import("./postgres/index.js")).createPostgresStore({
        url: config.index.databaseUrl!,
        lockWaitMs: config.index.lockWaitMs,
        bm25: config.search.bm25,
        checkEveryMs: config.index.checkMs,
        embedLeaseMs: config.index.embedLeaseMs,
        tablePrefix: config.index.tablePrefix,
        log,
      }),
  },
};
