import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, copyBundledCorpus, makeTempDir, writeFiles } from "../support/corpus.js";
import { MODERATOR, callback, finalEdit, send, startWorld, stopWorld } from "../support/bot-world.js";
import { APP_ID, FakeDiscord, GUILD_ID, GUILD_ID_2, chatInput, stringOption } from "../support/fake-discord.js";
import { startPostgres } from "../support/pglite.js";

const root = join(import.meta.dirname, "../..");

/** Waits until `check` holds, polling; a test-side wait, never a timing assertion. */
async function until(check: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("sharding", () => {
  it("GIVEN SHARDS=2 with the local store THEN both shards run in one process and each server's /ask is answered", async () => {
    const w = await startWorld({ SHARDS: "2" });
    try {
      expect(w.discord.identified.map(([id, count]) => `${id}/${count}`).sort()).toEqual(["0/2", "1/2"]);
      for (const guildId of [GUILD_ID, GUILD_ID_2]) {
        const i = send(w, chatInput("ask", [stringOption("question", "Who heads the Wagner Group?")], { guildId }));
        expect((await finalEdit(w, i)).body.embeds[0].description).toMatch(/Prigozhin/);
      }
    } finally {
      await stopWorld(w);
    }
  });

  it("GIVEN SHARDS=2 with the postgres store THEN two shard processes share one database, and a /reindex on one is answered from on the other", async () => {
    const discord = new FakeDiscord();
    await discord.start();
    const postgres = await startPostgres();
    const corpusDir = copyBundledCorpus();
    const child = spawn(process.execPath, [join(root, "bin/run.mjs"), "start"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "production",
        SHARDS: "2",
        INDEX_STORE: "postgres",
        DATABASE_URL: postgres.url,
        INDEX_CHECK_MS: "0",
        CORPUS_DIR: corpusDir,
        DATA_DIR: makeTempDir(),
        EMBEDDINGS: "use-lite",
        ASK_PER_MINUTE: "1000",
        DISCORD_TOKEN: discord.token,
        DISCORD_CLIENT_ID: APP_ID,
        DISCORD_API_BASE: discord.apiBase,
        // Commands are global here: the deployer names the server whose moderators manage the articles.
        CORPUS_ADMIN_GUILD_IDS: GUILD_ID,
      },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      // A shard tells the manager it is ready (IPC) before its own "ready as" line reaches the
      // shared output (discord.js signals first, then our handler logs): wait for both lines.
      const readyLines = () => out.split("\n").filter((l) => l.includes('"msg":"ready as'));
      await until(() => /"msg":"ready: 2 shard processes"/.test(out) && readyLines().length >= 2, "both shards");
      const ready = readyLines().map((l) => JSON.parse(l));
      // Two processes, one shard each, both reading the same index.
      expect(new Set(ready.map((r) => r.pid)).size).toBe(2);
      expect(ready.map((r) => r.shards).sort()).toEqual([[0], [1]]);
      const world = { discord } as Parameters<typeof send>[0];

      const before = send(
        world,
        chatInput("ask", [stringOption("question", "How long did the lighthouse keeper serve?")], { guildId: GUILD_ID_2 }),
      );
      expect((await finalEdit(world, before, 30_000)).body.embeds[0].description).not.toMatch(/forty years/);

      writeFiles(corpusDir, {
        "keeper.md": article("Lighthouse Keeper Retires", "The island lighthouse keeper served forty years before retiring."),
      });
      const reindex = send(world, chatInput("reindex", [], { ...MODERATOR, guildId: GUILD_ID }));
      await callback(world, reindex);
      expect((await finalEdit(world, reindex, 60_000)).body.embeds[0].description).toMatch(/Added 1|added 1|1 added/i);

      const after = send(
        world,
        chatInput("ask", [stringOption("question", "How long did the lighthouse keeper serve?")], { guildId: GUILD_ID_2 }),
      );
      expect((await finalEdit(world, after, 30_000)).body.embeds[0].description).toMatch(/forty years/);

      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(out).toMatch(/"msg":"stopped"/);
      expect(out).not.toContain(discord.token);
    } finally {
      child.kill("SIGKILL");
      await discord.stop();
      await postgres.stop();
    }
  }, 180_000);
});
