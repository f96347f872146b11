import { describe, expect, it } from "vitest";
import { ConfigError, configSecrets, loadBotConfig, loadCoreConfig } from "../../../src/config/index.js";

describe("loadCoreConfig", () => {
  it("GIVEN no settings THEN every default applies", () => {
    const config = loadCoreConfig({});
    expect(config.corpus).toEqual({
      dir: "corpus",
      maxArticleBytes: 5 * 1024 * 1024,
      maxDocumentBytes: 50 * 1024 * 1024,
      parseTimeoutMs: 30_000,
    });
    // The crawler reaches public addresses only, one request a second per host, until told otherwise.
    expect(config.fetch).toEqual({ allow: [], contactUrl: undefined, delayMs: 1000, timeoutMs: 30_000 });
    expect(config.sync).toEqual({ everyMinutes: 60, maxItems: 1000 });
    expect(config.index.dir).toBe("data/index");
    expect(config.embeddings.spec).toBe("auto");
    expect(config.search.mode).toBe("hybrid");
  });

  it.each([
    ["127.0.0.1, 10.0.0.0/8 ,intranet.example,::1", ["127.0.0.1", "10.0.0.0/8", "intranet.example", "::1"]],
    ["", []],
  ])("GIVEN FETCH_ALLOW_HOSTS=%j THEN the crawler may also reach %j", (value, allow) => {
    expect(loadCoreConfig({ FETCH_ALLOW_HOSTS: value }).fetch.allow).toEqual(allow);
  });

  it.each(["10.0.0.0/99", "http://127.0.0.1", "a b"])("GIVEN FETCH_ALLOW_HOSTS=%j THEN the setting is refused", (value) => {
    expect(() => loadCoreConfig({ FETCH_ALLOW_HOSTS: value })).toThrow(/FETCH_ALLOW_HOSTS/);
  });

  it.each([
    ["SEARCH_TOP_K", "", 5],
    ["SEARCH_TOP_K", "  ", 5],
    ["SEARCH_TOP_K", "12", 12],
  ])("GIVEN %s=%j THEN topK is %s (empty means unset)", (key, value, expected) => {
    expect(loadCoreConfig({ [key]: value }).search.topK).toBe(expected);
  });

  it("GIVEN several invalid settings THEN one error names every one of them", () => {
    let error: unknown;
    try {
      loadCoreConfig({ SEARCH_TOP_K: "many", EMBEDDINGS: "word2vec", SEARCH_MODE: "fuzzy", BM25_B: "3" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const key of ["SEARCH_TOP_K", "EMBEDDINGS", "SEARCH_MODE", "BM25_B"]) expect(problems).toContain(key);
    expect((error as ConfigError).problems).toHaveLength(4);
    expect(problems).toContain('"word2vec"');
  });

  it("GIVEN an invalid secret THEN the message names the setting but hides its value", () => {
    // A bot token too short to be one: invalid, so its value would be quoted if it were not a secret.
    let error: ConfigError | undefined;
    try {
      loadBotConfig({ DISCORD_TOKEN: "short-secret-xyz", DISCORD_CLIENT_ID: "100000000000000001" });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toMatch(/DISCORD_TOKEN: does not look like a bot token \(the value is hidden\)/);
    expect(error!.message).not.toContain("short-secret-xyz");
    // Not a secret: its bad value is shown, so the hiding above is the secret rule at work.
    expect(() => loadCoreConfig({ EMBEDDINGS_BASE_URL: "ftp://example" })).toThrow(/got "ftp:\/\/example"/);
  });

  it("GIVEN a malformed DATABASE_URL THEN the message hides it (it holds the password)", () => {
    expect(() => loadCoreConfig({ INDEX_STORE: "postgres", DATABASE_URL: "mysql://footnote:pw-9f3k2@db:3306/x" })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL \(the value is hidden\)/,
    );
    expect(() => loadCoreConfig({ DATABASE_URL: "mysql://footnote:pw-9f3k2@db:3306/x" })).not.toThrow(/pw-9f3k2/);
  });

  it("GIVEN INDEX_STORE=postgres with a DATABASE_URL THEN the URL and its password are secrets for the logs", () => {
    const config = loadCoreConfig({ INDEX_STORE: "postgres", DATABASE_URL: "postgres://footnote:p%40ss-77@db.internal:5432/footnote" });
    expect(config.index).toMatchObject({
      store: "postgres",
      databaseUrl: "postgres://footnote:p%40ss-77@db.internal:5432/footnote",
      checkMs: 1000,
    });
    expect(configSecrets(config)).toEqual(expect.arrayContaining(["postgres://footnote:p%40ss-77@db.internal:5432/footnote", "p@ss-77"]));
  });

  it("GIVEN an OpenAI key and base URL THEN embeddings fall back to them", () => {
    const config = loadCoreConfig({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" });
    expect(config.embeddings.apiKey).toBe("k");
    expect(config.embeddings.baseUrl).toBe("http://127.0.0.1:11434/v1");
  });
});

describe("SHARDS", () => {
  const bot = { DISCORD_TOKEN: "fake-bot-token-000000000000000000", DISCORD_CLIENT_ID: "100000000000000001" };

  it.each([
    [undefined, undefined],
    ["auto", "auto"],
    ["4", 4],
  ])("GIVEN SHARDS=%j THEN shards is %j", (value, expected) => {
    expect(loadBotConfig({ ...bot, SHARDS: value })).toMatchObject({ shards: expected, shardChild: false });
  });

  it("GIVEN a bad SHARDS THEN it is refused by name", () => {
    expect(() => loadBotConfig({ ...bot, SHARDS: "many" })).toThrow(/SHARDS: expected auto or a number of shards/);
  });

  it("GIVEN a process a ShardingManager started (SHARDS holds its shard ids) THEN it is a shard, not a manager", () => {
    expect(loadBotConfig({ ...bot, SHARDING_MANAGER: "true", SHARDS: "[1]", SHARD_COUNT: "2" })).toMatchObject({
      shards: undefined,
      shardChild: true,
    });
  });
});

describe("loadBotConfig's id lists", () => {
  const base = { DISCORD_TOKEN: "x".repeat(40), DISCORD_CLIENT_ID: "100000000000000001" };

  it("GIVEN MODERATOR_ROLE_IDS and ASK_CHANNEL_IDS THEN each becomes its list of ids, spaces and empty items ignored", () => {
    const config = loadBotConfig({
      ...base,
      MODERATOR_ROLE_IDS: " 200000000000000002, ,300000000000000003 ",
      ASK_CHANNEL_IDS: "400000000000000004",
    });
    expect(config.moderatorRoleIds).toEqual(["200000000000000002", "300000000000000003"]);
    expect(config.askChannelIds).toEqual(["400000000000000004"]);
  });

  it("GIVEN a role list with a name instead of an id THEN the setting is named as invalid", () => {
    expect(() => loadBotConfig({ ...base, MODERATOR_ROLE_IDS: "200000000000000002,Moderators" })).toThrow(/MODERATOR_ROLE_IDS/);
  });
});

describe("INDEX_TABLE_PREFIX", () => {
  it.each([["footnote"], ["community_42"]])("GIVEN %j THEN it is taken", (prefix) => {
    expect(loadCoreConfig({ INDEX_TABLE_PREFIX: prefix }).index.tablePrefix).toBe(prefix);
  });

  it.each([["Footnote"], ["1st"], ["a;DROP TABLE x"], ["x".repeat(41)]])("GIVEN %j THEN it is refused by name", (prefix) => {
    expect(() => loadCoreConfig({ INDEX_TABLE_PREFIX: prefix })).toThrow(/INDEX_TABLE_PREFIX/);
  });
});

describe("which servers may change the corpus", () => {
  const base = { DISCORD_TOKEN: "x".repeat(30), DISCORD_CLIENT_ID: "100000000000000001" };
  it.each([
    [
      { CORPUS_ADMIN_GUILD_IDS: "100000000000000007, 100000000000000008", DISCORD_GUILD_ID: "100000000000000003" },
      ["100000000000000007", "100000000000000008"],
    ],
    [{ DISCORD_GUILD_ID: "100000000000000003" }, ["100000000000000003"]],
    [{}, []],
  ])("GIVEN %j THEN the corpus admins are %j", (env, admins) => {
    expect(loadBotConfig({ ...base, ...env }).corpusAdminGuildIds).toEqual(admins);
  });
});
