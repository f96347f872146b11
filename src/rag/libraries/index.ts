import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { writeAtomically } from "../corpus/atomic-write.js";
import { join } from "node:path";
import { anySourceDue } from "../sources/index.js";
import { zipCorpus } from "./export.js";
import type { CoreConfig } from "../../config/index.js";
import type { Rag, RagDeps } from "../engine.js";
import { isRagError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { LibraryLimits } from "./limits.js";
import { isServerId, serverPaths, serverTablePrefix } from "./server-id.js";
import { SettingsStore, type ServerSettings } from "./settings.js";

/**
 * One bot, many communities: every Discord server has a library of its own (articles, sources,
 * settings under DATA_DIR/servers/<id>/) and, unless its moderators turn it off, also reads the
 * deployer's shared corpus. The servers the deployer names manage the shared corpus itself; DMs
 * read it alone. This is the one place that routes a server to its index.
 */
export interface Library {
  rag: Rag;
  /** "shared": the deployer's corpus (DMs and the managing servers); "server": a server's own. */
  kind: "shared" | "server";
  serverId?: string;
}

export interface LibrariesOptions {
  /** Servers whose moderators manage the shared corpus: their library is the shared one. */
  adminServers: readonly string[];
  limits: LibraryLimits;
  /**
   * Loaded server libraries are unloaded, least recently used first and never while busy, when
   * their estimated memory passes this many bytes (the shared corpus is not counted: it stays).
   */
  memoryBudget: number;
}

export interface Libraries {
  readonly shared: Rag;
  /** The library a server reads and its moderators change; the shared corpus for DMs (no server). */
  forServer(serverId: string | null | undefined): Promise<Library>;
  /** A server's settings (defaults until its moderators change one). */
  settings(serverId: string): Promise<ServerSettings>;
  /** Changes a server's settings, stamped with who did; a change of what it reads takes effect at its next question. */
  updateSettings(serverId: string, change: Partial<ServerSettings>, by: string): Promise<ServerSettings>;
  /** Whether this server's moderators manage the shared corpus. */
  managesShared(serverId: string | null | undefined): boolean;
  /** A server's own articles and source list as a zip (the shared corpus for a managing server), without loading its library. */
  exportServer(serverId: string): Promise<{ zip: Uint8Array; files: number }>;
  /** Server libraries loaded now (for /status and the bench). */
  loaded(): string[];
  /** The bot was removed from a server: its library is kept for the grace period, then deleted by `pruneLeft`. */
  serverLeft(serverId: string, at?: Date): Promise<void>;
  /** The bot is in a server (again): a library marked left is kept. */
  serverJoined(serverId: string): Promise<void>;
  /** Deletes the libraries of servers left more than `graceDays` ago; returns their ids. */
  pruneLeft(graceDays: number, now?: Date): Promise<string[]>;
  /**
   * With PostgreSQL: embeds the passages every server library's index holds without a vector
   * (each server's own queue), one server after another, its index never loaded: what
   * `npm run embed-worker` does after the shared index's queue.
   */
  embedServers(options?: { batch?: number; signal?: AbortSignal }): Promise<{ embedded: number; embedSeconds: number; servers: number }>;
  /** Servers with a source due a sync, found from their files (no library is loaded to find out). */
  serversDueSync(now?: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * What a loaded library is reckoned to hold in memory: a base measured with small libraries
 * (about 0.5 MB each once the shared corpus's derived lists, the crawler and small indexes'
 * graphs stopped being per library: npm run bench -- --only servers), then its passages' text,
 * vectors and lexical postings.
 */
const LIBRARY_BASE_BYTES = 512 * 1024;
function estimatedBytes(rag: Rag, sharedStats: ReturnType<Rag["stats"]>): number {
  const stats = rag.stats();
  if (!stats) return 0;
  // A server's own passages: the counts of a library that reads the shared corpus include its.
  const ownPassages = Math.max(0, stats.passages - (sharedStats?.passages ?? 0));
  return LIBRARY_BASE_BYTES + ownPassages * (stats.dimension * 4 + 2_000);
}

export function createLibraries(
  config: CoreConfig,
  shared: Rag,
  options: LibrariesOptions,
  deps: Omit<RagDeps, "library" | "embedder"> & { createRag(config: CoreConfig, deps: RagDeps): Promise<Rag> },
): Libraries {
  const log: Logger | undefined = deps.log;
  const settingsStore = new SettingsStore(config.dataDir);
  const admins = new Set(options.adminServers);
  /** Loaded libraries, in the order last used (a Map keeps insertion order). */
  const loaded = new Map<string, { rag: Promise<Rag>; readsShared: boolean }>();

  /** A server's core, its index not loaded yet. */
  function openStore(serverId: string, readsShared = false): Promise<Rag> {
    const paths = serverPaths(config.dataDir, serverId);
    const serverConfig: CoreConfig = {
      ...config,
      corpus: { ...config.corpus, dir: paths.corpus },
      index: { ...config.index, dir: paths.index, tablePrefix: serverTablePrefix(config.index.tablePrefix, serverId) },
    };
    return deps.createRag(serverConfig, {
      ...deps,
      log: log?.child({ server: serverId }),
      embedder: shared.embedder,
      library: { reads: readsShared ? shared : undefined, limits: options.limits },
    });
  }

  async function open(serverId: string, readsShared: boolean): Promise<Rag> {
    await mkdir(serverPaths(config.dataDir, serverId).corpus, { recursive: true });
    const rag = await openStore(serverId, readsShared);
    await rag.ensureIndex({ update: true });
    return rag;
  }

  /** Unloads the least recently used idle libraries while the loaded ones pass the budget. */
  async function keepWithinBudget(): Promise<void> {
    const ready = await Promise.all([...loaded].map(async ([id, entry]) => ({ id, entry, rag: await entry.rag.catch(() => undefined) })));
    const sharedStats = shared.stats();
    const bytes = (rag: Rag | undefined, readsShared: boolean) => (rag ? estimatedBytes(rag, readsShared ? sharedStats : undefined) : 0);
    let total = ready.reduce((sum, { entry, rag }) => sum + bytes(rag, entry.readsShared), 0);
    for (const { id, entry, rag } of ready) {
      if (total <= options.memoryBudget) break;
      if (!rag || rag.busy || loaded.get(id) !== entry) continue;
      loaded.delete(id);
      total -= bytes(rag, entry.readsShared);
      await rag.close().catch(() => undefined);
      log?.debug({ server: id }, "unloaded an idle server library");
    }
  }

  /** The servers with a folder under the data folder (anything else there is not a server's). */
  async function serverIds(): Promise<string[]> {
    try {
      return (await readdir(join(config.dataDir, "servers"))).filter(isServerId);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  async function forServer(serverId: string | null | undefined): Promise<Library> {
    if (!serverId || admins.has(serverId)) return { rag: shared, kind: "shared", serverId: serverId ?? undefined };
    if (!isServerId(serverId)) throw new Error(`not a Discord server id: ${serverId.slice(0, 40)}`);
    const readsShared = (await settingsStore.get(serverId)).useShared;
    let entry = loaded.get(serverId);
    if (entry && entry.readsShared !== readsShared) {
      // Its moderators turned the shared corpus on or off: open it again reading what they chose.
      loaded.delete(serverId);
      void entry.rag.then((rag) => rag.close()).catch(() => undefined);
      entry = undefined;
    }
    if (entry) {
      loaded.delete(serverId);
      loaded.set(serverId, entry);
    } else {
      entry = { rag: open(serverId, readsShared), readsShared };
      loaded.set(serverId, entry);
      const opening = entry;
      // A library that failed to open is tried again at its next question, not remembered broken.
      opening.rag.catch(() => {
        if (loaded.get(serverId) === opening) loaded.delete(serverId);
      });
      opening.rag
        .then(() => keepWithinBudget())
        .catch((error: unknown) => {
          if (!isRagError(error))
            log?.warn({ err: (error as Error).message }, "could not keep server libraries within their memory budget");
        });
    }
    return { rag: await entry.rag, kind: "server", serverId };
  }

  return {
    shared,
    forServer,
    settings: (serverId) => settingsStore.get(serverId),
    updateSettings: (serverId, change, by) => settingsStore.update(serverId, change, by),
    managesShared: (serverId) => !!serverId && admins.has(serverId),
    loaded: () => [...loaded.keys()],
    // A managing server's library is the shared corpus itself.
    exportServer: (serverId) => zipCorpus(admins.has(serverId) ? config.corpus.dir : serverPaths(config.dataDir, serverId).corpus),
    async serverLeft(serverId, at = new Date()) {
      if (!isServerId(serverId) || !existsSync(serverPaths(config.dataDir, serverId).root)) return;
      const path = serverPaths(config.dataDir, serverId).left;
      // The first departure counts: a repeated event does not push the deletion back.
      if (existsSync(path)) return;
      await writeAtomically(path, `${JSON.stringify({ leftAt: at.toISOString() })}\n`);
      log?.info({ server: serverId }, "the bot left a server; its library is kept for the grace period");
    },
    async serverJoined(serverId) {
      if (!isServerId(serverId)) return;
      await rm(serverPaths(config.dataDir, serverId).left, { force: true });
    },
    async pruneLeft(graceDays, now = new Date()) {
      const deleted: string[] = [];
      for (const id of await serverIds()) {
        const paths = serverPaths(config.dataDir, id);
        let leftAt: number;
        try {
          leftAt = Date.parse(JSON.parse(await readFile(paths.left, "utf8")).leftAt);
        } catch {
          continue;
        }
        if (!(now.getTime() - leftAt >= graceDays * 86_400_000)) continue;
        const entry = loaded.get(id);
        loaded.delete(id);
        await entry?.rag.then((rag) => rag.close()).catch(() => undefined);
        // A database keeps the index apart from the folder: its tables go first, so none is left behind.
        if (config.index.store === "postgres") await (await openStore(id)).destroy();
        await rm(paths.root, { recursive: true, force: true });
        deleted.push(id);
        log?.info({ server: id, graceDays }, "deleted the library of a server the bot left");
      }
      return deleted;
    },
    async embedServers(embedOptions = {}) {
      const total = { embedded: 0, embedSeconds: 0, servers: 0 };
      if (config.index.store !== "postgres") return total;
      for (const id of await serverIds()) {
        if (embedOptions.signal?.aborted) break;
        if (admins.has(id)) continue;
        const rag = await openStore(id);
        try {
          const done = await rag.embedWorker({ batch: embedOptions.batch, signal: embedOptions.signal });
          total.embedded += done.embedded;
          total.embedSeconds += done.embedSeconds;
          if (done.embedded) total.servers++;
        } finally {
          await rag.close();
        }
      }
      return total;
    },
    async serversDueSync(now = Date.now()) {
      const ids = await serverIds();
      const due: string[] = [];
      for (const id of ids) {
        if (admins.has(id)) continue;
        try {
          if (await anySourceDue(serverPaths(config.dataDir, id).corpus, config.sync.everyMinutes, now)) due.push(id);
        } catch (error) {
          log?.warn({ server: id, err: (error as Error).message }, "could not read this server's sources");
        }
      }
      return due;
    },
    async close() {
      const all = [...loaded.values()];
      loaded.clear();
      await Promise.allSettled(all.map(async ({ rag }) => (await rag).close()));
    },
  };
}
