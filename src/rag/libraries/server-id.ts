import { join } from "node:path";
import { RagError } from "../errors.js";

/** Discord ids (snowflakes): 17 to 20 digits. Anything else is never a path or a table name. */
const SNOWFLAKE = /^[1-9]\d{16,19}$/;

export const isServerId = (id: string): boolean => SNOWFLAKE.test(id);

function checkServerId(id: string): string {
  if (!isServerId(id)) throw new RagError("INVALID_INPUT", "Not a Discord server id.");
  return id;
}

/** Where a server's library lives under the data folder: its corpus, its index and its settings. */
export function serverPaths(dataDir: string, serverId: string) {
  const root = join(dataDir, "servers", checkServerId(serverId));
  return {
    root,
    corpus: join(root, "corpus"),
    index: join(root, "index"),
    settings: join(root, "settings.json"),
    /** Written when the bot is removed from the server: the library is deleted a grace period later. */
    left: join(root, "left.json"),
  };
}

/** A server's table prefix in PostgreSQL: the deployer's, then the server (kept within the 40 characters names allow). */
export function serverTablePrefix(prefix: string, serverId: string): string {
  const name = `${prefix}_s${checkServerId(serverId)}`;
  if (name.length <= 40) return name;
  let hash = 0x811c9dc5;
  for (const c of prefix) hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `f${hash.toString(36)}_s${serverId}`;
}
