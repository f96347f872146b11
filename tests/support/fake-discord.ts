import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  GatewayOpcodes,
  InteractionType,
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
} from "discord-api-types/v10";

/** One HTTP call the bot made, as the fake received it. */
export interface RecordedCall {
  method: string;
  /** Decoded, without the `/api/v10` prefix: `/interactions/1/tok/callback`. */
  path: string;
  query: string;
  auth?: string;
  body: any;
  /** Files sent with it (multipart requests). */
  files: { name: string; bytes: Uint8Array }[];
  /** When the fake received it (ms since the epoch). */
  at: number;
}

export const APP_ID = "100000000000000001";
const BOT_ID = "100000000000000002";
export const GUILD_ID = "100000000000000003";
/** A second server, on the other shard when there are two ((id >> 22) % 2 is 1 here, 0 for GUILD_ID). */
export const GUILD_ID_2 = "100000000004194307";

/** Which shard of `count` a guild belongs to, as Discord assigns them. */
const shardOf = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));
const CHANNEL_ID = "100000000000000004";
export const MANAGE_GUILD = (1n << 5n).toString();

// Ids are snowflakes of the time the tests run, as Discord's are: an interaction's createdAt (the
// time a question is answered as of) is now, not 2016, so dated articles of recent years count.
const DISCORD_EPOCH = 1_420_070_400_000n;
let snowflake = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
const nextId = () => (snowflake++).toString();

/**
 * A small Discord on 127.0.0.1: REST v10 over HTTP and Gateway v10 over a WebSocket (JSON, no
 * compression), enough for the real discord.js client to log in, register commands, receive
 * interactions and answer them. It records every REST call so tests assert on what was sent.
 */
export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly files = new Map<string, { body: Uint8Array; type: string }>();
  token = "fake-bot-token-000000000000000000";
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  /** Each connection's shard, from its IDENTIFY ([id, count]); [0, 1] when it did not shard. */
  private shards = new Map<WebSocket, [number, number]>();
  /** Shards that identified, in order: what a test waits for before it sends interactions. */
  readonly identified: [number, number][] = [];
  /** Registered commands by route (a server's or the application's), as GET returns them. */
  readonly commands = new Map<string, unknown[]>();
  private sequence = 0;
  private listeners: (() => void)[] = [];
  port = 0;

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on("upgrade", (req, socket, head) => {
      if ((req.url ?? "").includes("compress")) throw new Error("the fake Discord does not speak zlib-stream");
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Serves a file at a URL the bot can download, as Discord's CDN would an attachment. */
  hostFile(name: string, body: Uint8Array | string, type = "text/plain"): string {
    const key = `${randomBytes(4).toString("hex")}/${encodeURIComponent(name)}`;
    this.files.set(key, { body: typeof body === "string" ? new TextEncoder().encode(body) : body, type });
    return `http://127.0.0.1:${this.port}/attachments/${key}`;
  }

  // ---- Gateway -------------------------------------------------------------------------------

  private send(ws: WebSocket, payload: object): void {
    ws.send(JSON.stringify(payload));
  }

  private dispatch(ws: WebSocket, t: string, d: unknown): void {
    this.send(ws, { op: GatewayOpcodes.Dispatch, t, s: ++this.sequence, d });
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => {
      this.sockets.delete(ws);
      this.shards.delete(ws);
    });
    this.send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41_250 } });
    ws.on("message", (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: any };
      if (message.op === GatewayOpcodes.Heartbeat) this.send(ws, { op: GatewayOpcodes.HeartbeatAck });
      if (message.op === GatewayOpcodes.Identify) {
        if (message.d.token !== this.token && message.d.token !== `Bot ${this.token}`) {
          ws.close(4004, "Authentication failed");
          return;
        }
        const url = `ws://127.0.0.1:${this.port}/gateway`;
        const shard: [number, number] = Array.isArray(message.d.shard) ? message.d.shard : [0, 1];
        this.shards.set(ws, shard);
        this.identified.push(shard);
        // A sharded bot sees the second server too, each server on its own shard.
        const guilds = (shard[1] > 1 ? [GUILD_ID, GUILD_ID_2] : [GUILD_ID]).filter((g) => shardOf(g, shard[1]) === shard[0]);
        this.dispatch(ws, "READY", {
          v: 10,
          user: { id: BOT_ID, username: "Footnote", discriminator: "0", global_name: null, avatar: null, bot: true },
          guilds: guilds.map((id) => ({ id, unavailable: true })),
          shard,
          session_id: randomBytes(8).toString("hex"),
          resume_gateway_url: url,
          application: { id: APP_ID, flags: 0 },
        });
        for (const guildId of guilds) {
          this.dispatch(ws, "GUILD_CREATE", guildPayload(guildId));
        }
      }
    });
  }

  /** The bot is added to a server (GUILD_CREATE on every connection). */
  joinGuild(guildId: string): void {
    for (const ws of this.sockets) this.dispatch(ws, "GUILD_CREATE", guildPayload(guildId));
  }

  /** The server each channel was last used from (the fake's channels are shared by its servers). */
  private readonly channelGuild = new Map<string, string>();
  /** Threads the bot opened (POST …/threads), by id. */
  readonly threads = new Map<string, { id: string; guild_id: string; parent_id: string; name: string }>();

  /**
   * A member posts in a channel or thread: MESSAGE_CREATE to every connection. `mentionsBot` puts
   * the bot in the message's mentions (how Discord marks a mention, or a reply that pings).
   */
  sendMessage(options: {
    channelId: string;
    guildId?: string;
    content: string;
    userId?: string;
    mentionsBot?: boolean;
    replyTo?: string;
  }): string {
    const id = nextId();
    const userId = options.userId ?? "300000000000000001";
    const author = { id: userId, username: `user${userId.slice(-4)}`, discriminator: "0", global_name: null, avatar: null };
    const bot = { id: BOT_ID, username: "Footnote", discriminator: "0", global_name: null, avatar: null, bot: true };
    const guildId = options.guildId ?? GUILD_ID;
    const payload = {
      ...messageObject({ id, channel_id: options.channelId, author, content: options.content }),
      guild_id: guildId,
      member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      mentions: options.mentionsBot ? [bot] : [],
      ...(options.replyTo
        ? { type: 19, message_reference: { message_id: options.replyTo, channel_id: options.channelId, guild_id: guildId } }
        : {}),
    };
    for (const ws of this.sockets) this.dispatch(ws, "MESSAGE_CREATE", payload);
    return id;
  }

  /** The bot is removed from a server (GUILD_DELETE without `unavailable`: it left, not an outage). */
  leaveGuild(guildId: string): void {
    for (const ws of this.sockets) this.dispatch(ws, "GUILD_DELETE", { id: guildId });
  }

  /** Sends an interaction to the connection of the shard its server belongs to (to every connection when unsharded). */
  sendInteraction(interaction: APIInteraction): void {
    if (interaction.guild_id && interaction.channel?.id) this.channelGuild.set(interaction.channel.id, interaction.guild_id);
    for (const ws of this.sockets) {
      const [id, count] = this.shards.get(ws) ?? [0, 1];
      if (count > 1 && interaction.guild_id && shardOf(interaction.guild_id, count) !== id) continue;
      this.dispatch(ws, "INTERACTION_CREATE", interaction);
    }
  }

  // ---- REST ----------------------------------------------------------------------------------

  private json(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  }

  private message(body: any, extra: object = {}) {
    const author = { id: BOT_ID, username: "Footnote", discriminator: "0", global_name: null, avatar: null, bot: true };
    return {
      ...messageObject({ id: nextId(), channel_id: CHANNEL_ID, author, content: body?.content ?? "" }),
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      flags: body?.flags ?? 0,
      ...extra,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    let raw = bytes.toString("utf8");
    // A reply with files comes as multipart/form-data: its JSON in payload_json, then the files.
    const files: { name: string; bytes: Uint8Array }[] = [];
    const type = req.headers["content-type"] ?? "";
    if (type.startsWith("multipart/form-data")) {
      const form = await new Response(bytes, { headers: { "content-type": type } }).formData();
      raw = String(form.get("payload_json") ?? "");
      for (const [key, value] of form) {
        if (key.startsWith("files[") && typeof value !== "string")
          files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
      }
    }
    if (url.pathname.startsWith("/attachments/")) {
      const file = this.files.get(url.pathname.slice("/attachments/".length));
      if (!file) return this.json(res, 404, { message: "Unknown attachment" });
      res.writeHead(200, { "Content-Type": file.type, "Content-Length": file.body.byteLength }).end(file.body);
      return;
    }
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ""));
    const call: RecordedCall = {
      method: req.method ?? "GET",
      path,
      query: url.search,
      auth: req.headers.authorization,
      body: raw ? JSON.parse(raw) : undefined,
      files,
      at: Date.now(),
    };
    this.calls.push(call);
    for (const l of this.listeners.splice(0)) l();

    const authed = call.auth === `Bot ${this.token}`;
    if (path === "/gateway/bot") {
      if (!authed) return this.json(res, 401, { message: "401: Unauthorized", code: 0 });
      return this.json(res, 200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }
    const m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
    if (m && (call.method === "PUT" || call.method === "GET")) {
      if (!authed) return this.json(res, 401, { message: "401: Unauthorized", code: 0 });
      if (call.method === "GET") return this.json(res, 200, this.commands.get(path) ?? []);
      // Stored as Discord returns them: with ids and versions, and the defaults it fills in.
      const registered = (call.body as any[]).map((c) => ({
        ...c,
        id: nextId(),
        application_id: m![1],
        guild_id: m![2],
        version: "1",
        default_member_permissions: c.default_member_permissions ?? null,
        nsfw: false,
        integration_types: [0],
      }));
      this.commands.set(path, registered);
      return this.json(res, 200, registered);
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return this.json(res, 204);
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) {
      if (call.method === "DELETE") return this.json(res, 204);
      return this.json(res, 200, this.message(call.body));
    }
    if (/^\/webhooks\/\d+\/[^/]+$/.test(path) && call.method === "POST") return this.json(res, 200, this.message(call.body));
    // A thread started from a message: Discord answers with the channel and tells the client (THREAD_CREATE).
    const threadOn = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/);
    if (threadOn && call.method === "POST") {
      if (!authed) return this.json(res, 401, { message: "401: Unauthorized", code: 0 });
      const guildId = this.channelGuild.get(threadOn[1]!) ?? GUILD_ID;
      const thread = {
        id: nextId(),
        type: 11,
        guild_id: guildId,
        parent_id: threadOn[1]!,
        owner_id: BOT_ID,
        name: String(call.body?.name ?? ""),
        thread_metadata: {
          archived: false,
          auto_archive_duration: call.body?.auto_archive_duration ?? 1440,
          archive_timestamp: new Date().toISOString(),
          locked: false,
        },
        message_count: 0,
        member_count: 1,
        rate_limit_per_user: 0,
        flags: 0,
      };
      this.threads.set(thread.id, thread);
      for (const ws of this.sockets) this.dispatch(ws, "THREAD_CREATE", { ...thread, newly_created: true });
      return this.json(res, 201, thread);
    }
    const channel = path.match(/^\/channels\/(\d+)$/);
    if (channel && call.method === "GET") {
      const thread = this.threads.get(channel[1]!);
      return thread ? this.json(res, 200, thread) : this.json(res, 404, { message: "Unknown Channel", code: 10003 });
    }
    // A message the bot posts in a channel itself (the weekly digest).
    if (/^\/channels\/\d+\/messages$/.test(path) && call.method === "POST") {
      if (!authed) return this.json(res, 401, { message: "401: Unauthorized", code: 0 });
      return this.json(res, 200, this.message(call.body));
    }
    return this.json(res, 404, { message: `Unknown route ${call.method} ${path}`, code: 0 });
  }

  /** Resolves with the first recorded call that matches, waiting for it up to `timeoutMs`. */
  async waitFor(match: (call: RecordedCall) => boolean, timeoutMs = 10_000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for a call; saw:\n${this.calls.map((c) => `${c.method} ${c.path}`).join("\n")}`);
      await new Promise<void>((resolve) => {
        this.listeners.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** The calls made for one interaction (its callback and its webhook edits and follow-ups). */
  callsFor(interaction: { id: string; token: string }): RecordedCall[] {
    return this.calls.filter((c) => c.path.startsWith(`/interactions/${interaction.id}/`) || c.path.includes(`/${interaction.token}`));
  }
}

// ---- Interaction payloads ----------------------------------------------------------------------

/** A message object with every field discord.js reads. */
function messageObject(fields: { id: string; channel_id: string; author: object; content: string }) {
  return {
    ...fields,
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    type: 0,
    flags: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
  };
}

export interface UserOptions {
  userId?: string;
  permissions?: string;
  roles?: string[];
  channelId?: string;
  /** The server it comes from (GUILD_ID by default). */
  guildId?: string;
}

function base(type: InteractionType, user: UserOptions = {}) {
  const userId = user.userId ?? "300000000000000001";
  return {
    id: nextId(),
    application_id: APP_ID,
    type,
    token: `tok-${randomBytes(12).toString("hex")}`,
    version: 1,
    guild_id: user.guildId ?? GUILD_ID,
    channel_id: user.channelId ?? CHANNEL_ID,
    channel: { id: user.channelId ?? CHANNEL_ID, type: 0 },
    app_permissions: "0",
    locale: "en-US",
    guild_locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 10_485_760,
    member: {
      user: { id: userId, username: `user${userId.slice(-4)}`, discriminator: "0", global_name: null, avatar: null },
      roles: user.roles ?? [],
      permissions: user.permissions ?? "0",
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
  };
}

/** A slash command invocation. */
export function chatInput(
  name: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
  user?: UserOptions,
  resolved?: object,
): APIInteraction {
  return {
    ...base(InteractionType.ApplicationCommand, user),
    data: { id: nextId(), name, type: ApplicationCommandType.ChatInput, options, resolved },
  } as unknown as APIInteraction;
}

export const stringOption = (name: string, value: string, focused = false) =>
  ({
    name,
    type: ApplicationCommandOptionType.String,
    value,
    ...(focused ? { focused } : {}),
  }) as APIApplicationCommandInteractionDataOption;
export const booleanOption = (name: string, value: boolean) =>
  ({ name, type: ApplicationCommandOptionType.Boolean, value }) as APIApplicationCommandInteractionDataOption;

/** An autocomplete request while the user types into `focused`. */
export function autocomplete(name: string, focused: string, typed: string, user?: UserOptions): APIInteraction {
  return {
    ...base(InteractionType.ApplicationCommandAutocomplete, user),
    data: { id: nextId(), name, type: ApplicationCommandType.ChatInput, options: [stringOption(focused, typed, true)] },
  } as unknown as APIInteraction;
}

/** A click on a button of a message the bot sent. */
export function buttonClick(customId: string, user?: UserOptions): APIInteraction {
  const b = base(InteractionType.MessageComponent, user);
  return {
    ...b,
    data: { component_type: ComponentType.Button, custom_id: customId },
    message: messageObject({
      id: nextId(),
      channel_id: b.channel_id,
      author: { id: BOT_ID, username: "Footnote", discriminator: "0", global_name: null, avatar: null, bot: true },
      content: "",
    }),
  } as unknown as APIInteraction;
}

/** "Ask the articles" on a message with `content`. */
export function messageContext(content: string, user?: UserOptions): APIInteraction {
  const targetId = nextId();
  return {
    ...base(InteractionType.ApplicationCommand, user),
    data: {
      id: nextId(),
      name: "Ask the articles",
      type: ApplicationCommandType.Message,
      target_id: targetId,
      resolved: {
        messages: {
          [targetId]: messageObject({
            id: targetId,
            channel_id: CHANNEL_ID,
            author: { id: "300000000000000077", username: "poster", discriminator: "0", global_name: null, avatar: null },
            content,
          }),
        },
      },
    },
  } as unknown as APIInteraction;
}

/** `/add-article` with an attachment the fake serves. */
export function addArticleCommand(
  discord: FakeDiscord,
  fileName: string,
  body: string | Uint8Array,
  user?: UserOptions,
  declaredSize?: number,
): APIInteraction {
  const id = nextId();
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const url = discord.hostFile(fileName, bytes);
  return chatInput(
    "add-article",
    [{ name: "file", type: ApplicationCommandOptionType.Attachment, value: id } as APIApplicationCommandInteractionDataOption],
    user,
    {
      attachments: {
        [id]: { id, filename: fileName, size: declaredSize ?? bytes.byteLength, url, proxy_url: url, content_type: "text/plain" },
      },
    },
  );
}

/** The same interaction sent from a direct message: no server, no member, the user alone. */
export function inDm(interaction: APIInteraction): APIInteraction {
  const {
    guild_id: _guild,
    member,
    ...rest
  } = interaction as unknown as { guild_id?: string; member: { user: object } } & Record<string, unknown>;
  return {
    ...rest,
    user: member.user,
    channel_id: DM_CHANNEL_ID,
    channel: { id: DM_CHANNEL_ID, type: 1 },
    context: 1,
  } as unknown as APIInteraction;
}
const DM_CHANNEL_ID = "100000000000000555";

/** A server as GUILD_CREATE carries it (the smallest payload the client accepts). */
function guildPayload(guildId: string) {
  return {
    id: guildId,
    name: "Test server",
    owner_id: "100000000000000009",
    unavailable: false,
    roles: [
      {
        id: guildId,
        name: "@everyone",
        permissions: "0",
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    // The text channel interactions come from, so the client knows its type (as Discord's GUILD_CREATE tells it).
    channels: [{ id: CHANNEL_ID, type: 0, name: "general", position: 0, permission_overwrites: [], parent_id: null }],
    members: [],
    threads: [],
    emojis: [],
    stickers: [],
    features: [],
    member_count: 2,
    large: false,
    joined_at: new Date().toISOString(),
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
