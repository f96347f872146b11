import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callback, finalEdit, MODERATOR, send, startWorld, stopWorld, type World } from "../support/bot-world.js";
import { addArticleCommand, autocomplete, buttonClick, chatInput, inDm, stringOption } from "../support/fake-discord.js";
import JSZip from "jszip";
import pg from "pg";
import { article } from "../support/corpus.js";
import { startPostgres } from "../support/pglite.js";

/**
 * One bot, many servers: the deployer's server (DISCORD_GUILD_ID) manages the shared corpus; A
 * and B are two other servers with libraries of their own beside it.
 */
const A = "200000000000000001";
const B = "200000000000000002";
const modOf = (guildId: string) => ({ ...MODERATOR, guildId });
const memberOf = (guildId: string) => ({ guildId, userId: "300000000000000011", permissions: "0" });

const LIGHTHOUSE = article(
  "Quillon lighthouse gets a new keeper",
  "Marta Vell became the keeper of the Quillon lighthouse on 3 March 2025, the harbour trust said. " +
    "Vell had worked on the Quillon ferries for twelve years before she took over the lighthouse.",
  "date: 2025-03-04\nsource: Quillon Courier\n",
);
const QUESTION = "Who is the keeper of the Quillon lighthouse?";

let w: World;
/** The settings that put the index in PostgreSQL, on that store's run. */
let env: Record<string, string> = {};
let postgres: { url: string; stop(): Promise<void> } | undefined;
let sharedFiles: string[];
const listShared = () => readdirSync(w.corpusDir, { recursive: true }).map(String).sort();
const serverCorpus = (guildId: string) => join(w.config.dataDir, "servers", guildId, "corpus");
const serverFiles = (guildId: string) => readdirSync(serverCorpus(guildId), { recursive: true }).map(String).sort();
const LIGHTHOUSE_ID = "added/quillon-lighthouse-gets-a-new-keeper";

/** The tables in the test's PostgreSQL. */
async function tableNames(): Promise<string[]> {
  const client = new pg.Client({ connectionString: postgres!.url });
  await client.connect();
  try {
    return (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.tablename);
  } finally {
    await client.end();
  }
}

async function ask(question: string, user: object) {
  const i = send(w, chatInput("ask", [stringOption("question", question)], user));
  return (await finalEdit(w, i)).body;
}

/** The isolation matrix runs on both stores: the local files and PostgreSQL (a table prefix per server). */
describe.each(["local", "postgres"] as const)("on the %s store", (store) => {
  beforeAll(async () => {
    if (store === "postgres") {
      postgres = await startPostgres();
      env = { INDEX_STORE: "postgres", DATABASE_URL: postgres.url };
    }
    w = await startWorld({ SERVER_MAX_ARTICLES: "3", ...env });
    sharedFiles = listShared();
    const i = send(w, addArticleCommand(w.discord, "lighthouse.md", LIGHTHOUSE, modOf(A)));
    const reply = await finalEdit(w, i);
    expect(reply.body.embeds[0].title).toMatch(/^Added/);
  });
  afterAll(async () => {
    await stopWorld(w);
    await postgres?.stop();
  });

  describe("a library per server", () => {
    it("GIVEN A's moderator added an article THEN it is stored in A's library, and the shared corpus is unchanged", () => {
      expect(serverFiles(A)).toContain(join("added", "quillon-lighthouse-gets-a-new-keeper.md"));
      expect(listShared()).toEqual(sharedFiles);
      expect(existsSync(serverCorpus(B))).toBe(false);
    });

    it("GIVEN A's library THEN its index lives in the store under test: A's own folder, or A's own tables", async () => {
      if (store === "local") {
        expect(existsSync(join(w.config.dataDir, "servers", A, "index"))).toBe(true);
        return;
      }
      const tables = await tableNames();
      expect(tables).toContain(`footnote_s${A}_live`);
      expect(tables.filter((t) => t.startsWith(`footnote_s${B}_`))).toEqual([]);
    });

    it("GIVEN the question THEN A's /ask cites A's article, and B's and a DM's never do", async () => {
      const inA = await ask(QUESTION, memberOf(A));
      expect(inA.embeds[0].description).toMatch(/Marta Vell/);
      expect(inA.embeds[0].description).toMatch(/Quillon lighthouse gets a new keeper/);
      for (const answer of [
        await ask(QUESTION, memberOf(B)),
        await (async () => {
          const i = send(w, inDm(chatInput("ask", [stringOption("question", QUESTION)], memberOf(B))));
          return (await finalEdit(w, i)).body;
        })(),
      ]) {
        expect(JSON.stringify(answer)).not.toMatch(/Marta Vell|Quillon lighthouse gets/);
      }
    });

    it("GIVEN A reads the shared corpus (the default) THEN A's /ask also cites the shared articles", async () => {
      const answer = await ask("Who heads the Wagner Group?", memberOf(A));
      expect(answer.embeds[0].description).toMatch(/Prigozhin/);
    });

    it("GIVEN /search THEN A finds A's article and B does not", async () => {
      const search = async (user: object) => {
        const i = send(w, chatInput("search", [stringOption("query", "Quillon lighthouse keeper")], user));
        return JSON.stringify((await finalEdit(w, i)).body);
      };
      expect(await search(memberOf(A))).toMatch(/Quillon lighthouse gets a new keeper/);
      expect(await search(memberOf(B))).not.toMatch(/Marta Vell|new keeper/);
    });

    it("GIVEN /articles and /status THEN each server counts its own library beside the shared corpus", async () => {
      const articles = async (user: object) => JSON.stringify((await callback(w, send(w, chatInput("articles", [], user)))).body);
      expect(await articles(memberOf(A))).toMatch(/Quillon lighthouse/);
      expect(await articles(memberOf(B))).not.toMatch(/Quillon/);
      const status = async (user: object) =>
        (await callback(w, send(w, chatInput("status", [], user)))).body.data.embeds[0].fields.find(
          (f: { name: string }) => f.name === "Articles",
        ).value;
      const shared = w.rag.stats()!.articles;
      expect(await status(memberOf(A))).toBe(String(shared + 1));
      expect(await status(memberOf(B))).toBe(String(shared));
    });

    it("GIVEN autocomplete for an article THEN B is never offered A's article", async () => {
      const offered = async (command: string, user: object) =>
        JSON.stringify((await callback(w, send(w, autocomplete(command, "article", "quillon", user)))).body.data.choices);
      expect(await offered("ask", memberOf(A))).toMatch(/Quillon/);
      expect(await offered("ask", memberOf(B))).toBe("[]");
      expect(await offered("remove-article", modOf(B))).toBe("[]");
      // A's moderators are offered their own articles to remove, never the shared ones.
      const own = JSON.parse(await offered("remove-article", modOf(A)));
      expect(own.map((c: { value: string }) => c.value)).toEqual([LIGHTHOUSE_ID]);
      const sharedOffered = JSON.parse(
        JSON.stringify((await callback(w, send(w, autocomplete("remove-article", "article", "", modOf(A))))).body.data.choices),
      );
      expect(sharedOffered.every((c: { value: string }) => !c.value.startsWith("shared:"))).toBe(true);
    });

    it("GIVEN A's answer's Quotes and vote buttons clicked in B THEN B sees nothing and no vote is stored", async () => {
      const i = send(w, chatInput("ask", [stringOption("question", QUESTION)], memberOf(A)));
      const final = await finalEdit(w, i);
      const [quotesId, upId] = final.body.components[0].components.map((b: { custom_id: string }) => b.custom_id);
      const quotes = await callback(w, send(w, buttonClick(quotesId, memberOf(B))));
      expect(JSON.stringify(quotes.body)).not.toMatch(/Marta Vell/);
      expect(quotes.body.data.embeds[0].description).toMatch(/no longer kept/);
      const vote = await callback(w, send(w, buttonClick(upId, memberOf(B))));
      expect(vote.body.data.embeds[0].description).toMatch(/no longer kept/);
      const key = upId.split(":")[2];
      const { votes } = await w.bot.ctx.questions!.log.window({ from: 0, to: Date.now() + 1000 });
      expect(votes.filter((v) => v.questionId === key)).toEqual([]);
      // In A, the same buttons work.
      const inA = await callback(w, send(w, buttonClick(quotesId, memberOf(A))));
      expect(JSON.stringify(inA.body)).toMatch(/Marta Vell/);
    });

    it("GIVEN B's moderator removing A's article or a shared one THEN each is refused privately and nothing changes", async () => {
      const remove = async (id: string) => {
        const i = send(w, chatInput("remove-article", [stringOption("article", id)], modOf(B)));
        await callback(w, i);
        return (await finalEdit(w, i)).body.embeds[0].description as string;
      };
      expect(await remove(LIGHTHOUSE_ID)).toMatch(/No article with the id/);
      const sharedId = `shared:${w.rag.listArticles()[0]!.id}`;
      expect(await remove(sharedId)).toMatch(/shared library, which only the deployer's moderators can change/);
      expect(serverFiles(A)).toContain(join("added", "quillon-lighthouse-gets-a-new-keeper.md"));
      expect(listShared()).toEqual(sharedFiles);
    });

    it.each([
      ["/add-article", () => addArticleCommand(w.discord, "x.md", article("X", "A member's upload."), memberOf(A))],
      ["/remove-article", () => chatInput("remove-article", [stringOption("article", LIGHTHOUSE_ID)], memberOf(A))],
      ["/reindex", () => chatInput("reindex", [], memberOf(A))],
      ["/sources list", () => chatInput("sources", [{ name: "list", type: 1, options: [] } as never], memberOf(A))],
      ["/insights", () => chatInput("insights", [], memberOf(A))],
    ])("GIVEN %s from a member of A without Manage Server THEN it is refused and nothing changes", async (_name, make) => {
      const before = serverFiles(A);
      const reply = await callback(w, send(w, make()));
      expect(reply.body.data.embeds[0].description).toMatch(/Manage Server/);
      expect(serverFiles(A)).toEqual(before);
    });

    it("GIVEN a server at its article limit THEN another upload is refused with the limit, and nothing is stored", async () => {
      for (const n of [1, 2]) {
        const i = send(
          w,
          addArticleCommand(w.discord, `note-${n}.md`, article(`Note ${n}`, `Harbour note number ${n} about the tides.`), modOf(A)),
        );
        expect((await finalEdit(w, i)).body.embeds[0].title).toMatch(/^Added/);
      }
      const i = send(w, addArticleCommand(w.discord, "note-3.md", article("Note 3", "Harbour note number 3 about the tides."), modOf(A)));
      expect((await finalEdit(w, i)).body.embeds[0].description).toMatch(
        /library is full: it holds 3 articles, the most a server may keep is 3/,
      );
      expect(serverFiles(A).filter((f) => f.includes("note-3"))).toEqual([]);
    });

    it("GIVEN a server id that is not a snowflake THEN no path is made from it", async () => {
      const forged = "../../etc";
      await expect(w.bot.ctx.libraries!.forServer(forged)).rejects.toThrow(/not a Discord server id/);
      expect(existsSync(join(w.config.dataDir, "etc"))).toBe(false);
    });
  });

  describe("restarts", () => {
    it("GIVEN the bot restarts on the same data folder THEN A's library still answers, and B's still does not", async () => {
      await stopWorld(w);
      const again = await startWorld(env, { reuse: w });
      w = again;
      {
        const i = send(again, chatInput("ask", [stringOption("question", QUESTION)], memberOf(A)));
        expect((await finalEdit(again, i)).body.embeds[0].description).toMatch(/Marta Vell/);
        const j = send(again, chatInput("ask", [stringOption("question", QUESTION)], memberOf(B)));
        expect(JSON.stringify((await finalEdit(again, j)).body)).not.toMatch(/Marta Vell/);
      }
    });
  });

  describe("/settings", () => {
    const C = "200000000000000003";
    const OTHER_CHANNEL = "200000000000000777";
    const ROLE = "200000000000000888";
    const sub = (name: string, options: object[] = []) => ({ name, type: 1, options }) as never;
    const channelOption = (name: string, id: string) => ({ name, type: 7, value: id });
    const channelResolved = (id: string) => ({ channels: { [id]: { id, type: 0, name: "questions", permissions: "0" } } });
    const settingsReply = async (options: object[], user: object, resolved?: object) => {
      const i = send(w, chatInput("settings", options as never, user, resolved));
      await callback(w, i);
      return (await finalEdit(w, i)).body.embeds[0].description as string;
    };

    it("GIVEN C's moderator turns the shared articles off THEN C's answers stop citing them, and A's still do", async () => {
      expect(await settingsReply([sub("show")], modOf(C))).toMatch(/Shared articles\*\*: on[\s\S]*Nothing changed yet/);
      const saved = await settingsReply([sub("set", [{ name: "shared", type: 5, value: false }])], modOf(C));
      expect(saved).toMatch(/^Saved\.\n\*\*Shared articles\*\*: off/);
      expect(saved).toMatch(/Last changed by <@300000000000000099>/);
      const inC = await ask("Who heads the Wagner Group?", memberOf(C));
      expect(JSON.stringify(inC)).not.toMatch(/Prigozhin/);
      expect((await ask("Who heads the Wagner Group?", memberOf(A))).embeds[0].description).toMatch(/Prigozhin/);
    });

    it("GIVEN C lists an /ask channel THEN /ask elsewhere in C is refused with where to ask, and other servers are unaffected", async () => {
      const saved = await settingsReply(
        [sub("ask-channels", [stringOption("action", "add"), channelOption("channel", OTHER_CHANNEL)])],
        modOf(C),
        channelResolved(OTHER_CHANNEL),
      );
      expect(saved).toMatch(new RegExp(`/ask works in\\*\\*: <#${OTHER_CHANNEL}>`));
      const refused = await callback(w, send(w, chatInput("ask", [stringOption("question", QUESTION)], memberOf(C))));
      expect(refused.body.data.embeds[0].description).toMatch(new RegExp(`Questions can be asked in <#${OTHER_CHANNEL}>`));
      const there = send(w, chatInput("ask", [stringOption("question", QUESTION)], { ...memberOf(C), channelId: OTHER_CHANNEL }));
      expect((await finalEdit(w, there)).body.embeds[0].description).toBeTruthy();
      expect((await ask(QUESTION, memberOf(A))).embeds[0].description).toMatch(/Marta Vell/);
    });

    it("GIVEN C adds a moderator role THEN its members may use moderator commands in C, and not in A", async () => {
      const roleResolved = {
        roles: {
          [ROLE]: {
            id: ROLE,
            name: "Librarians",
            permissions: "0",
            position: 1,
            color: 0,
            hoist: false,
            managed: false,
            mentionable: false,
            flags: 0,
          },
        },
      };
      await settingsReply(
        [sub("moderator-roles", [stringOption("action", "add"), { name: "role", type: 8, value: ROLE }])],
        modOf(C),
        roleResolved,
      );
      const librarian = (guildId: string) => ({ guildId, userId: "300000000000000012", permissions: "0", roles: [ROLE] });
      expect(await settingsReply([sub("show")], librarian(C))).toMatch(new RegExp(`Moderator roles\\*\\*: <@&${ROLE}>`));
      const inA = await callback(w, send(w, chatInput("settings", [sub("show")], librarian(A))));
      expect(inA.body.data.embeds[0].description).toMatch(/Manage Server/);
    });

    it("GIVEN C turns private answers on THEN /ask there is private unless the asker says otherwise", async () => {
      await settingsReply([sub("set", [{ name: "private_answers", type: 5, value: true }])], modOf(C));
      const user = { ...memberOf(C), channelId: OTHER_CHANNEL };
      const privately = send(w, chatInput("ask", [stringOption("question", QUESTION)], user));
      expect((await callback(w, privately)).body).toMatchObject({ type: 5, data: { flags: 64 } });
      await finalEdit(w, privately);
      const publicly = send(
        w,
        chatInput("ask", [stringOption("question", QUESTION), { name: "private", type: 5, value: false } as never], user),
      );
      expect((await callback(w, publicly)).body.data?.flags ?? 0).toBe(0);
      await finalEdit(w, publicly);
    });

    it("GIVEN the managing server tries to stop reading the shared articles THEN it is told why and nothing changes", async () => {
      expect(await settingsReply([sub("set", [{ name: "shared", type: 5, value: false }])], MODERATOR)).toMatch(
        /manages the shared articles: it always reads them/,
      );
    });

    it("GIVEN a member without Manage Server THEN /settings is refused", async () => {
      const reply = await callback(
        w,
        send(w, chatInput("settings", [sub("set", [{ name: "shared", type: 5, value: false }])], memberOf(C))),
      );
      expect(reply.body.data.embeds[0].description).toMatch(/Manage Server/);
    });
  });

  describe("/export", () => {
    it("GIVEN A's moderator THEN /export sends A's own articles as a zip, privately, and nothing of the shared corpus", async () => {
      const i = send(w, chatInput("export", [], modOf(A)));
      expect((await callback(w, i)).body).toMatchObject({ type: 5, data: { flags: 64 } });
      const reply = await w.discord.waitFor(
        (c) => c.method === "PATCH" && c.path.includes(`/${i.token}/messages/@original`) && c.files.length > 0,
      );
      expect(reply.body.embeds[0].description).toMatch(/^3 files/);
      const [file] = reply.files;
      expect(file!.name).toMatch(new RegExp(`^footnote-${A}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
      const zip = await JSZip.loadAsync(file!.bytes);
      const names = Object.keys(zip.files)
        .filter((n) => !zip.files[n]!.dir)
        .sort();
      expect(names).toEqual(expect.arrayContaining(["added/quillon-lighthouse-gets-a-new-keeper.md"]));
      expect(names.some((n) => n.startsWith(".footnote") || /us-claims|wagner/i.test(n))).toBe(false);
      expect(await zip.file("added/quillon-lighthouse-gets-a-new-keeper.md")!.async("string")).toMatch(/Marta Vell/);
    });

    it("GIVEN a server with no articles of its own THEN /export says so, and a member without Manage Server is refused", async () => {
      const empty = send(w, chatInput("export", [], modOf(B)));
      await callback(w, empty);
      expect((await finalEdit(w, empty)).body.embeds[0].description).toMatch(/no articles of its own/);
      const member = await callback(w, send(w, chatInput("export", [], memberOf(A))));
      expect(member.body.data.embeds[0].description).toMatch(/Manage Server/);
    });
  });

  describe("leaving", () => {
    const leftMarker = () => join(w.config.dataDir, "servers", A, "left.json");
    const waitFor = async (check: () => boolean) => {
      const started = Date.now();
      while (!check() && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 20));
      return check();
    };

    it("GIVEN the bot is removed from A THEN A's library is kept through the grace period, and deleted after it", async () => {
      w.discord.joinGuild(A);
      await new Promise((r) => setTimeout(r, 100));
      w.discord.leaveGuild(A);
      expect(await waitFor(() => existsSync(leftMarker()))).toBe(true);
      const leftAt = Date.parse(JSON.parse(readFileSync(leftMarker(), "utf8")).leftAt);
      const libraries = w.bot.ctx.libraries!;
      expect(await libraries.pruneLeft(30, new Date(leftAt + 29 * 86_400_000))).toEqual([]);
      expect(existsSync(serverCorpus(A))).toBe(true);
      // Invited back within the grace period: nothing is deleted.
      w.discord.joinGuild(A);
      expect(await waitFor(() => !existsSync(leftMarker()))).toBe(true);
      expect(await libraries.pruneLeft(30, new Date(leftAt + 31 * 86_400_000))).toEqual([]);
      w.discord.leaveGuild(A);
      expect(await waitFor(() => existsSync(leftMarker()))).toBe(true);
      const later = Date.parse(JSON.parse(readFileSync(leftMarker(), "utf8")).leftAt) + 31 * 86_400_000;
      expect(await libraries.pruneLeft(30, new Date(later))).toEqual([A]);
      expect(existsSync(join(w.config.dataDir, "servers", A))).toBe(false);
      expect(listShared()).toEqual(sharedFiles);
      if (store === "postgres") {
        const tables = await tableNames();
        expect(tables.filter((t) => t.startsWith(`footnote_s${A}_`))).toEqual([]);
        // Another server's library and the shared index are untouched.
        expect(tables).toEqual(expect.arrayContaining([`footnote_s${B}_live`, "footnote_live"]));
      }
      expect((await ask("Who heads the Wagner Group?", memberOf(B))).embeds[0].description).toMatch(/Prigozhin/);
    });
  });
});

describe("answers in a thread, follow-ups without a command", () => {
  const T = "200000000000000004";
  const BRIDGE = article(
    "Arden bridge reopens",
    "The Arden footbridge reopened on 2 May 2025 after repairs, the council said. Mara Quist, the council's engineer, led the repairs. " +
      "The Arden footbridge will close again in October for painting.",
    "date: 2025-05-03\n",
  );
  let w: World;
  beforeAll(async () => {
    w = await startWorld({});
    // The bot is in T (Discord tells a client its servers, their channels and threads).
    w.discord.joinGuild(T);
    await finalEdit(w, send(w, addArticleCommand(w.discord, "bridge.md", BRIDGE, modOf(T))));
    const on = send(
      w,
      chatInput("settings", [{ name: "set", type: 1, options: [{ name: "threads", type: 5, value: true }] } as never], modOf(T)),
    );
    expect((await finalEdit(w, on)).body.embeds[0].description).toMatch(/Answers in threads\*\*: on/);
  });
  afterAll(async () => {
    await stopWorld(w);
  });

  const threadReplies = (threadId: string) =>
    w.discord.calls.filter((c) => c.method === "POST" && c.path === `/channels/${threadId}/messages` && (c.body.embeds ?? []).length > 0);

  it("GIVEN threads on THEN /ask answers, opens a thread named after the question, and a reply there is a follow-up", async () => {
    const i = send(w, chatInput("ask", [stringOption("question", "Who led the repairs of the Arden footbridge?")], memberOf(T)));
    expect((await finalEdit(w, i)).body.embeds[0].description).toMatch(/Mara Quist/);
    const opened = await w.discord.waitFor((c) => c.method === "POST" && /\/messages\/\d+\/threads$/.test(c.path));
    expect(opened.body).toMatchObject({ name: "Who led the repairs of the Arden footbridge?", auto_archive_duration: 1440 });
    const [threadId] = [...w.discord.threads.keys()];
    await w.discord.waitFor((c) => c.method === "POST" && c.path === `/channels/${threadId}/messages`);

    // A mention with a follow-up that needs the thread's subject.
    const asked = w.discord.sendMessage({
      channelId: threadId!,
      guildId: T,
      content: "<@100000000000000002> When does it close again?",
      mentionsBot: true,
    });
    const reply = await w.discord.waitFor(
      (c) => c.method === "POST" && c.path === `/channels/${threadId}/messages` && (c.body.embeds ?? []).length > 0,
    );
    expect(reply.body.message_reference).toMatchObject({ message_id: asked });
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.body.embeds[0].description).toMatch(/October/);
    expect(reply.body.components[0].components.map((b: { custom_id: string }) => b.custom_id)[0]).toMatch(/^quotes:/);
  });

  it("GIVEN a message in the thread that neither mentions nor replies to the bot THEN it is not answered", async () => {
    const [threadId] = [...w.discord.threads.keys()];
    const before = threadReplies(threadId!).length;
    w.discord.sendMessage({ channelId: threadId!, guildId: T, content: "thanks, that helps", mentionsBot: false });
    w.discord.sendMessage({
      channelId: "100000000000000004",
      guildId: T,
      content: "<@100000000000000002> who led the repairs?",
      mentionsBot: true,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(threadReplies(threadId!).length).toBe(before);
  });

  it("GIVEN a follow-up answered in a thread THEN it is logged under its thread and server, and its Quotes work there only", async () => {
    const [threadId] = [...w.discord.threads.keys()];
    const reply = threadReplies(threadId!)[0]!;
    const quotesId = reply.body.components[0].components[0].custom_id as string;
    const key = quotesId.split(":")[1]!;
    const started = Date.now();
    while (!(await w.bot.ctx.questions!.get(key)) && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(await w.bot.ctx.questions!.get(key)).toMatchObject({ server: T, channel: threadId, question: "When does it close again?" });
    const quotes = await callback(w, send(w, buttonClick(quotesId, memberOf(T))));
    expect(JSON.stringify(quotes.body)).toMatch(/October/);
    const elsewhere = await callback(w, send(w, buttonClick(quotesId, memberOf(B))));
    expect(JSON.stringify(elsewhere.body)).not.toMatch(/October/);
  });

  it("GIVEN threads off (the default) or a private answer THEN /ask opens no thread", async () => {
    const count = w.discord.threads.size;
    await finalEdit(w, send(w, chatInput("ask", [stringOption("question", "Who led the repairs of the Arden footbridge?")], memberOf(A))));
    const privately = send(
      w,
      chatInput(
        "ask",
        [stringOption("question", "Who led the repairs of the Arden footbridge?"), { name: "private", type: 5, value: true } as never],
        memberOf(T),
      ),
    );
    await finalEdit(w, privately);
    await new Promise((r) => setTimeout(r, 200));
    expect(w.discord.threads.size).toBe(count);
  });
});
