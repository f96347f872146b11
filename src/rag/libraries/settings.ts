import { readFile, stat } from "node:fs/promises";
import { writeAtomically } from "../corpus/atomic-write.js";
import { RagError } from "../errors.js";
import { isServerId, serverPaths } from "./server-id.js";

/** What a server's moderators set with /settings. Every field has a default: a new server needs none. */
export interface ServerSettings {
  /** Read the deployer's shared corpus beside the server's own articles. */
  useShared: boolean;
  /** Channels where /ask works; empty for every channel. */
  askChannels: string[];
  /** Roles whose members may use the moderator commands, beside Manage Server. */
  moderatorRoles: string[];
  /** Answers only the asker sees, unless they ask for a public one. */
  privateAnswers: boolean;
  /** /ask in a text channel opens a thread on its answer, where replies and mentions are follow-ups. */
  threads: boolean;
  /** Where sync reports of this server's sources are posted. */
  reportChannel?: string;
  /** Who changed the settings last, and when (a Discord user id; ISO time). */
  changedBy?: string;
  changedAt?: string;
}

const DEFAULT_SETTINGS: ServerSettings = Object.freeze({
  useShared: true,
  askChannels: [],
  moderatorRoles: [],
  privateAnswers: false,
  threads: false,
});

/** At most this many channels or roles in a list: what Discord's option menus and one reply can show. */
const MAX_LISTED = 25;

const ids = (value: unknown): string[] =>
  Array.isArray(value) ? [...new Set(value.filter((v): v is string => typeof v === "string" && isServerId(v)))].slice(0, MAX_LISTED) : [];

/** Reads a stored record strictly: what is not understood falls back to its default, never to something looser. */
export function parseSettings(raw: unknown): ServerSettings {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  return {
    useShared: typeof r.useShared === "boolean" ? r.useShared : DEFAULT_SETTINGS.useShared,
    askChannels: ids(r.askChannels),
    moderatorRoles: ids(r.moderatorRoles),
    privateAnswers: typeof r.privateAnswers === "boolean" ? r.privateAnswers : DEFAULT_SETTINGS.privateAnswers,
    threads: typeof r.threads === "boolean" ? r.threads : DEFAULT_SETTINGS.threads,
    reportChannel: typeof r.reportChannel === "string" && isServerId(r.reportChannel) ? r.reportChannel : undefined,
    changedBy: typeof r.changedBy === "string" ? r.changedBy : undefined,
    changedAt: typeof r.changedAt === "string" ? r.changedAt : undefined,
  };
}

/**
 * Each server's settings, one small file per server beside its articles, written whole (temp file
 * and rename). Read again when the file changed, so a change made in one process (another shard,
 * or by hand) holds in every process that shares the data folder, without a restart.
 */
export class SettingsStore {
  private readonly cache = new Map<string, { settings: ServerSettings; stamp: string }>();
  private writes = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  async get(serverId: string): Promise<ServerSettings> {
    const path = serverPaths(this.dataDir, serverId).settings;
    const stamp = await stat(path).then(
      (s) => `${s.mtimeMs}:${s.size}:${s.ino}`,
      () => "none",
    );
    const cached = this.cache.get(serverId);
    if (cached?.stamp === stamp) return cached.settings;
    let settings: ServerSettings;
    try {
      settings = stamp === "none" ? { ...DEFAULT_SETTINGS } : parseSettings(JSON.parse(await readFile(path, "utf8")));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        throw new RagError("CORPUS_UNREADABLE", `This server's settings could not be read (${(error as Error).message}).`);
      settings = { ...DEFAULT_SETTINGS };
    }
    this.cache.set(serverId, { settings, stamp });
    return settings;
  }

  /** Applies a change, stamped with who made it; one write at a time, so two moderators' changes both land. */
  update(serverId: string, change: Partial<ServerSettings>, by: string, now = new Date()): Promise<ServerSettings> {
    const run = this.writes.then(async () => {
      const next = parseSettings({ ...(await this.get(serverId)), ...change, changedBy: by, changedAt: now.toISOString() });
      await writeAtomically(serverPaths(this.dataDir, serverId).settings, `${JSON.stringify(next, null, 2)}\n`);
      return next;
    });
    this.writes = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
