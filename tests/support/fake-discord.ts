/**
 * A small fake Discord for tests: a REST server and a gateway WebSocket on 127.0.0.1 that speak
 * API v10 far enough for the real discord.js Client.
 *
 *   const fake = await startFakeDiscord({ guilds: [{ id: G, channels: [{ id: C, type: ChannelType.GuildText }] }] });
 *   new Client({ intents, rest: { api: fake.apiUrl }, waitGuildTimeout: 50 }).login('any-token');
 *
 * Gateway: HELLO (short heartbeat), heartbeat ACKs, IDENTIFY -> READY + one GUILD_CREATE per guild,
 * sharded as Discord shards: with `shards: N`, /gateway/bot asks for N shards, a connection that
 * identifies as shard [i, N] gets the guilds with (guild_id >> 22) % N === i, and a guild's
 * interactions go to its shard's connection only (`fake.shardOf(guildId)`, `fake.identified`),
 * RESUME -> RESUMED (or, with `closeOnIdentify: 4004`, a close as for a bad token). `fake.command()`, `fake.autocomplete()` and `fake.button()` dispatch
 * INTERACTION_CREATE and `fake.response(token)` waits for what the bot answered.
 *
 * REST: /gateway/bot, interaction callbacks, webhook follow-ups and edits (`%40original`), channel GET,
 * current user GET, message POST (honouring `enforce_nonce` for `nonceWindowMs`, a few minutes as on Discord), recent
 * messages GET, a guild's active threads GET, a channel's archived public threads GET, forum thread POST,
 * command registration PUT.
 * Every request is recorded in `fake.requests`; every created message in `fake.posts`;
 * `fake.maxPerWindow()` counts the most requests received within any second (the global rate limit).
 * `fake.fail({ method, path, status, ... })` answers matching requests with 429 (Retry-After) or 400/403/404/500.
 * Like Discord, it refuses (400, 50035 Invalid Form Body) a message or reply beyond Discord's limits
 * (2,000 content, 6,000 embed characters, field sizes, 100-character thread names).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionType,
  Locale,
  type APIApplicationCommandInteractionDataOption,
  type APIChannel,
  type APIChatInputApplicationCommandInteraction,
  type APIApplicationCommandAutocompleteInteraction,
  type APIMessageComponentButtonInteraction,
  type APIGuildMember,
  type APIMessage,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
  type RESTGetAPIGatewayBotResult,
  type ApplicationFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type GuildSystemChannelFlags,
} from 'discord-api-types/v10';
import { messageLimitError } from './discord-markdown.ts';

export interface FakeChannel {
  id: string;
  type: ChannelType;
  name?: string;
  /** For threads: the channel they belong to. */
  parentId?: string;
  /** For threads: archived ones are not listed as active. */
  archived?: boolean;
}

export interface FakeGuild {
  id: string;
  name?: string;
  channels: FakeChannel[];
}

export interface RecordedRequest {
  method: string;
  /** Decoded path below /api/v10, e.g. `/channels/1/messages` or `/webhooks/app/token/messages/@original`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** Status the fake answered with (0 while the request is in flight). */
  status: number;
  at: number;
  /** The sender's TCP port: which process sent it (see tests/cluster/processes.ts `ownsPort`). */
  peerPort: number;
}

/** A message the fake created (POST /channels/:id/messages, or the first message of a forum thread). */
export interface Post {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
  /** When it was created (Date.now()), for the nonce window. */
  at: number;
}

export interface Failure {
  method?: string;
  path: string | RegExp;
  status: 429 | 400 | 403 | 404 | 500;
  /** Discord JSON error code (50001 Missing Access, 10003 Unknown Channel...). */
  code?: number;
  /** Seconds, for 429. */
  retryAfter?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface InteractionOptions {
  channelId: string;
  guildId?: string;
  userId?: string;
  /** Member permission bitfield (default: every permission). */
  permissions?: bigint;
  /** Resolved roles, for role options. */
  roles?: { id: string; name: string }[];
}

export interface InteractionResponse {
  /** Callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result. */
  type: number;
  /** The final data the user sees: the callback data, or the @original edit after a defer. */
  data: {
    content?: string;
    flags?: number;
    embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[];
    components?: { components: { custom_id?: string; label?: string; disabled?: boolean }[] }[];
    choices?: { name: string; value: string | number }[];
    allowed_mentions?: { parse?: string[] };
  };
}

export const ALL_PERMISSIONS = (1n << 50n) - 1n;
const EPHEMERAL = 1 << 6;

let snowflake = 1_100_000_000_000_000_000n;
export function nextId(): string {
  snowflake += 1n;
  return snowflake.toString();
}

/** How long Discord honours `enforce_nonce` (a few minutes), by default. */
export const NONCE_WINDOW_MS = 5 * 60_000;

export async function startFakeDiscord(opts: {
  guilds: FakeGuild[];
  heartbeatMs?: number;
  applicationId?: string;
  nonceWindowMs?: number;
  /** Closes the gateway with this code on IDENTIFY instead of READY (4004: authentication failed, a bad token). */
  closeOnIdentify?: number;
  /** The shard count /gateway/bot recommends (1 by default). */
  shards?: number;
}) {
  const applicationId = opts.applicationId ?? '900000000000000001';
  const botUser = { id: '900000000000000002', username: 'newsbrief', discriminator: '0', bot: true, avatar: null, global_name: null } satisfies APIUser;
  const requests: RecordedRequest[] = [];
  const posts: Post[] = [];
  const failures: Failure[] = [];
  const delays: { method?: string; path: string | RegExp; ms: number }[] = [];
  const channels = new Map<string, FakeChannel & { guildId: string; ownerId?: string }>();
  for (const g of opts.guilds) for (const c of g.channels) channels.set(c.id, { ...c, guildId: g.id });
  const sockets = new Set<WebSocket>();
  /** The shard each connection identified as ([id, count]), and every IDENTIFY's shard in order. */
  const shardOfSocket = new Map<WebSocket, [number, number]>();
  const identified: [number, number][] = [];
  const shardOf = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const server = createServer((req, res) => {
    // When the request came (not when its body was read): what a rate limit counts.
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      handle(req, res, body, arrived);
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/gateway')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => gateway(ws));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    if (body === undefined) {
      res.writeHead(status, headers).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  function message(channelId: string, body: Record<string, unknown>, id = nextId()): APIMessage {
    return {
      id,
      channel_id: channelId,
      author: botUser,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: (body.embeds as APIMessage['embeds']) ?? [],
      pinned: false,
      type: 0,
      ...(typeof body.nonce === 'string' ? { nonce: body.nonce } : {}),
    } satisfies APIMessage;
  }

  function channelObject(c: FakeChannel & { guildId: string; ownerId?: string }): APIChannel {
    return {
      id: c.id,
      type: c.type,
      guild_id: c.guildId,
      name: c.name ?? `channel-${c.id}`,
      position: 0,
      permission_overwrites: [],
      ...(c.parentId ? { parent_id: c.parentId } : {}),
      ...(c.ownerId ? { owner_id: c.ownerId } : {}),
    } as APIChannel;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: unknown, arrived: number) {
    const url = new URL(req.url ?? '/', base);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const record: RecordedRequest = { method, path, query: url.searchParams, headers: req.headers, body, status: 0, at: arrived, peerPort: req.socket.remotePort ?? 0 };
    requests.push(record);
    // Waiters see a request as it arrives too (one in flight can be waited for).
    notify();
    const reply = (status: number, payload?: unknown, headers?: Record<string, string>) => {
      record.status = status;
      send(res, status, payload, headers);
      notify();
    };

    const slow = delays.find((d) => (!d.method || d.method === method) && (typeof d.path === 'string' ? d.path === path : d.path.test(path)));
    if (slow) setTimeout(() => route(body, path, method, url, reply), slow.ms);
    else route(body, path, method, url, reply);
  }

  /** Why Discord would refuse this body as an Invalid Form Body, for the routes that create or edit messages. */
  function formError(method: string, path: string, body: unknown): string | null {
    if (method !== 'POST' && method !== 'PATCH') return null;
    const b = (body ?? {}) as Record<string, unknown>;
    if (/^\/channels\/\d+\/messages$/.test(path) || /^\/webhooks\//.test(path)) return messageLimitError(b);
    if (/^\/channels\/\d+\/threads$/.test(path)) {
      const name = typeof b.name === 'string' ? b.name : '';
      if (name.length < 1 || name.length > 100) return `thread name is ${name.length} characters (1 to 100)`;
      return messageLimitError(b.message as Record<string, unknown> | undefined);
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return messageLimitError((b as { data?: Record<string, unknown> }).data);
    return null;
  }

  /** Answers one request: an armed failure first, else the route's normal answer. */
  function route(
    body: unknown,
    path: string,
    method: string,
    url: URL,
    reply: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
  ) {
    const failure = failures.find((f) => (!f.method || f.method === method) && (typeof f.path === 'string' ? f.path === path : f.path.test(path)));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      if (failure.status === 429) {
        const after = failure.retryAfter ?? 0.2;
        return reply(
          429,
          { message: 'You are being rate limited.', retry_after: after, global: false },
          {
            'retry-after': String(after),
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(after),
            'x-ratelimit-bucket': 'fake-bucket',
            'x-ratelimit-scope': 'user',
          },
        );
      }
      const text = failure.status === 400 ? 'Invalid Form Body' : failure.status === 403 ? 'Missing Access' : failure.status === 404 ? 'Unknown Channel' : 'Internal Server Error';
      return reply(failure.status, { message: text, code: failure.code ?? (failure.status === 400 ? 50035 : failure.status === 403 ? 50001 : failure.status === 404 ? 10003 : 0) });
    }

    const invalid = formError(method, path, body);
    if (invalid) return reply(400, { message: 'Invalid Form Body', code: 50035, errors: { detail: invalid } });

    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return reply(200, {
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: opts.shards ?? 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      } satisfies RESTGetAPIGatewayBotResult);
    }
    if (method === 'PUT' && (m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
      return reply(200, list.map((c) => ({ ...c, id: nextId(), application_id: m![1], version: nextId(), ...(m![2] ? { guild_id: m![2] } : {}) })));
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      if (url.searchParams.get('with_response') === 'true') {
        const b = body as { type: number; data?: Record<string, unknown> };
        return reply(200, { interaction: { id: path.split('/')[2], type: 2 }, resource: { type: b.type, message: message('0', b.data ?? {}) } });
      }
      return reply(204);
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      if (method === 'DELETE') return reply(204);
      return reply(200, message('0', (body as Record<string, unknown>) ?? {}, m[3] && m[3] !== '@original' ? m[3] : nextId()));
    }
    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const c = channels.get(m[1]!);
      return c ? reply(200, channelObject(c)) : reply(404, { message: 'Unknown Channel', code: 10003 });
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      const channelId = m[1]!;
      if (!channels.has(channelId)) return reply(404, { message: 'Unknown Channel', code: 10003 });
      const b = (body ?? {}) as Record<string, unknown>;
      // Discord dedupes on the nonce only for a few minutes after the first message.
      if (b.enforce_nonce && typeof b.nonce === 'string') {
        const earlier = posts.find((p) => p.channelId === channelId && p.body.nonce === b.nonce && Date.now() - p.at <= fake.nonceWindowMs);
        if (earlier) return reply(200, message(channelId, earlier.body, earlier.id));
      }
      const msg = message(channelId, b);
      posts.push({ id: msg.id, channelId, body: b, at: Date.now() });
      return reply(200, msg);
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'GET') {
      const channelId = m[1]!;
      if (!channels.has(channelId)) return reply(404, { message: 'Unknown Channel', code: 10003 });
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 50));
      const newest = posts.filter((p) => p.channelId === channelId && !p.body.thread_id).reverse().slice(0, limit);
      return reply(200, newest.map((p) => message(channelId, p.body, p.id)));
    }
    if ((m = path.match(/^\/guilds\/(\d+)\/threads\/active$/)) && method === 'GET') {
      const threads = [...channels.values()].filter((c) => c.guildId === m![1] && c.parentId && !c.archived);
      return reply(200, { threads: threads.map((t) => channelObject(t)), members: [] });
    }
    if ((m = path.match(/^\/channels\/(\d+)\/threads\/archived\/public$/)) && method === 'GET') {
      const threads = [...channels.values()].filter((c) => c.parentId === m![1] && c.archived);
      return reply(200, { threads: threads.map((t) => channelObject(t)), members: [], has_more: false });
    }
    if ((m = path.match(/^\/channels\/(\d+)\/threads$/)) && method === 'POST') {
      const parent = channels.get(m[1]!);
      if (!parent) return reply(404, { message: 'Unknown Channel', code: 10003 });
      const b = (body ?? {}) as { name?: string; message?: Record<string, unknown> };
      const thread = { id: nextId(), type: ChannelType.PublicThread, name: b.name, parentId: parent.id, guildId: parent.guildId, ownerId: botUser.id };
      channels.set(thread.id, thread);
      // A forum post's first message has the thread's id.
      const msg = message(thread.id, b.message ?? {}, thread.id);
      posts.push({ id: msg.id, channelId: parent.id, body: { ...(b.message ?? {}), thread_name: b.name, thread_id: thread.id }, at: Date.now() });
      return reply(201, { ...channelObject(thread), message: msg });
    }
    if (method === 'GET' && path === '/users/@me') return reply(200, botUser);
    if (method === 'GET' && path === '/applications/@me') return reply(200, { id: applicationId, name: 'newsbrief', flags: 0 });
    return reply(404, { message: `fake Discord has no route ${method} ${path}`, code: 0 });
  }

  // ---- gateway ----
  let seq = 0;
  function dispatch(ws: WebSocket, t: string, d: unknown) {
    ws.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: ++seq, d }));
  }

  function gateway(ws: WebSocket) {
    sockets.add(ws);
    ws.on('close', () => {
      sockets.delete(ws);
      shardOfSocket.delete(ws);
    });
    ws.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: opts.heartbeatMs ?? 1000 } }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (frame.op === GatewayOpcodes.Heartbeat) ws.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
      else if (frame.op === GatewayOpcodes.Identify && opts.closeOnIdentify) ws.close(opts.closeOnIdentify, 'Authentication failed.');
      else if (frame.op === GatewayOpcodes.Identify) {
        const shard = (frame.d as { shard?: [number, number] }).shard ?? [0, 1];
        shardOfSocket.set(ws, shard);
        identified.push(shard);
        const mine = opts.guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
        dispatch(ws, GatewayDispatchEvents.Ready, {
          v: 10,
          user: botUser,
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: `session-${nextId()}`,
          resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
          shard,
          application: { id: applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
        } satisfies GatewayReadyDispatchData);
        for (const g of mine) dispatch(ws, GatewayDispatchEvents.GuildCreate, guildCreate(g));
      } else if (frame.op === GatewayOpcodes.Resume) dispatch(ws, GatewayDispatchEvents.Resumed, {});
    });
  }

  function guildCreate(g: FakeGuild): GatewayGuildCreateDispatchData {
    const botMember: APIGuildMember = { user: botUser, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 as GuildMemberFlags };
    return {
      id: g.id,
      name: g.name ?? `guild-${g.id}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: '1',
      region: '',
      afk_channel_id: null,
      afk_timeout: 60,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [{ id: g.id, name: '@everyone', color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '0', managed: false, mentionable: false, flags: 0 as RoleFlags }],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: Locale.EnglishUS,
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      hub_type: null,
      safety_alerts_channel_id: null,
      incidents_data: null,
      joined_at: new Date(0).toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [botMember],
      channels: g.channels.filter((c) => !c.parentId).map((c) => channelObject({ ...c, guildId: g.id }) as GatewayGuildCreateDispatchData['channels'][number]),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    } satisfies GatewayGuildCreateDispatchData;
  }

  /** A guild's event goes to the connection of the guild's shard, as on Discord. */
  function toGuild(guildId: string, t: string, d: unknown) {
    const open = [...sockets].filter((ws) => {
      const shard = shardOfSocket.get(ws);
      return shard && shardOf(guildId, shard[1]) === shard[0];
    });
    if (!open.length) throw new Error(`no gateway connection for the shard of guild ${guildId}: is the bot logged in?`);
    for (const ws of open) dispatch(ws, t, d);
  }

  function interactionBase(o: InteractionOptions) {
    const c = channels.get(o.channelId);
    if (!c) throw new Error(`fake Discord: unknown channel ${o.channelId}`);
    const guildId = o.guildId ?? c.guildId;
    const user = { id: o.userId ?? '800000000000000001', username: 'member', discriminator: '0', avatar: null, global_name: null } satisfies APIUser;
    return {
      id: nextId(),
      application_id: applicationId,
      token: `tok-${nextId()}`,
      version: 1 as const,
      guild_id: guildId,
      channel: { id: c.id, type: c.type, name: c.name ?? `channel-${c.id}`, guild_id: guildId, ...(c.parentId ? { parent_id: c.parentId } : {}) } as APIChatInputApplicationCommandInteraction['channel'],
      channel_id: c.id,
      member: {
        user,
        roles: [],
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        permissions: String(o.permissions ?? ALL_PERMISSIONS),
      },
      app_permissions: String(ALL_PERMISSIONS),
      locale: Locale.EnglishUS,
      guild_locale: Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 8 * 1024 * 1024,
    };
  }

  /** Options as `{ name: value }`; `{ sub: 'add', ... }` puts the others under subcommand `add`. */
  function toOptions(values: Record<string, string | number | boolean | undefined>, focused?: string): APIApplicationCommandInteractionDataOption[] {
    const { sub, ...rest } = values;
    const leaf = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([name, value]) => {
        const type =
          typeof value === 'number' ? ApplicationCommandOptionType.Integer : typeof value === 'boolean' ? ApplicationCommandOptionType.Boolean : name === 'mention' ? ApplicationCommandOptionType.Role : ApplicationCommandOptionType.String;
        return { name, type, value, ...(name === focused ? { focused: true } : {}) } as APIApplicationCommandInteractionDataOption;
      });
    return typeof sub === 'string' ? [{ name: sub, type: ApplicationCommandOptionType.Subcommand, options: leaf } as APIApplicationCommandInteractionDataOption] : leaf;
  }

  function resolvedRoles(o: InteractionOptions) {
    if (!o.roles?.length) return {};
    const roles = Object.fromEntries(
      o.roles.map((r) => [r.id, { id: r.id, name: r.name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position: 1, permissions: '0', managed: false, mentionable: true, flags: 0 }]),
    );
    return { resolved: { roles } };
  }

  const fake = {
    apiUrl: `${base}/api`,
    applicationId,
    botUser,
    /** The shard ([id, count]) of every IDENTIFY received, in order. */
    identified,
    /** The shard a guild is on with the recommended shard count. */
    shardOf: (guildId: string) => shardOf(guildId, opts.shards ?? 1),
    requests,
    posts,
    port,
    /** How long `enforce_nonce` dedupes a repeated send (0: never, as after a long outage). */
    nonceWindowMs: opts.nonceWindowMs ?? NONCE_WINDOW_MS,

    /** Makes the next matching request(s) fail. */
    fail(f: Failure) {
      failures.push({ ...f });
    },

    /** Answers matching requests only after `ms` milliseconds (a post in flight). */
    delay(d: { method?: string; path: string | RegExp; ms: number }) {
      delays.push(d);
    },

    /** Adds a channel (e.g. to create one the bot has never seen). */
    addChannel(guildId: string, c: FakeChannel) {
      channels.set(c.id, { ...c, guildId });
    },

    /** Dispatches a slash command; returns its id and token. */
    command(name: string, values: Record<string, string | number | boolean | undefined>, o: InteractionOptions) {
      const b = interactionBase(o);
      const payload = {
        ...b,
        type: InteractionType.ApplicationCommand,
        data: { id: nextId(), name, type: ApplicationCommandType.ChatInput, options: toOptions(values), ...resolvedRoles(o) },
      } satisfies APIChatInputApplicationCommandInteraction;
      toGuild(b.guild_id, GatewayDispatchEvents.InteractionCreate, payload);
      return { id: b.id, token: b.token };
    },

    /** Dispatches an autocomplete request with `focused` as the focused option. */
    autocomplete(name: string, values: Record<string, string | number | boolean | undefined>, focused: string, o: InteractionOptions) {
      const b = interactionBase(o);
      const payload = {
        ...b,
        type: InteractionType.ApplicationCommandAutocomplete,
        data: { id: nextId(), name, type: ApplicationCommandType.ChatInput, options: toOptions(values, focused) },
      } satisfies APIApplicationCommandAutocompleteInteraction;
      toGuild(b.guild_id, GatewayDispatchEvents.InteractionCreate, payload);
      return { id: b.id, token: b.token };
    },

    /** Dispatches a button click on a message the bot sent. */
    button(customId: string, o: InteractionOptions) {
      const b = interactionBase(o);
      const payload = {
        ...b,
        type: InteractionType.MessageComponent,
        message: message(o.channelId, {}),
        data: { custom_id: customId, component_type: ComponentType.Button },
      } satisfies APIMessageComponentButtonInteraction;
      toGuild(b.guild_id, GatewayDispatchEvents.InteractionCreate, payload);
      return { id: b.id, token: b.token };
    },

    /** Resolves when a request matching `pred` has been answered (or rejects after `timeoutMs`). */
    waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
      return fake.until(() => requests.find((r) => r.status && pred(r)), timeoutMs, 'a matching request');
    },

    /** Polls `get` on every request the fake answers until it returns something. */
    until<T>(get: () => T | undefined | false, timeoutMs = 5000, what = 'the condition'): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const v = get();
          if (v) {
            cleanup();
            resolve(v);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Discord: timed out waiting for ${what}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },

    /**
     * The bot's final answer to an interaction: the callback itself, or after a deferral (type 5/6) the
     * edit of `@original`.
     */
    async response(i: { id: string; token: string }, timeoutMs = 5000): Promise<InteractionResponse> {
      const cb = await fake.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`, timeoutMs);
      const body = cb.body as InteractionResponse;
      if (body.type !== 5 && body.type !== 6) return { type: body.type, data: body.data ?? {} };
      const edit = await fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${applicationId}/${i.token}/messages/@original`, timeoutMs);
      const flags = (body.data?.flags ?? 0) | (((edit.body as InteractionResponse['data']).flags ?? 0) as number);
      return { type: body.type, data: { ...(edit.body as InteractionResponse['data']), flags } };
    },

    isEphemeral(r: InteractionResponse): boolean {
      return ((r.data.flags ?? 0) & EPHEMERAL) !== 0;
    },

    /** Archives every thread under a channel (as Discord does after inactivity). */
    archiveThreads(parentId: string) {
      for (const c of channels.values()) if (c.parentId === parentId) c.archived = true;
    },

    /**
     * The most requests matching `pred` received within any `windowMs` (Discord's global limit is per
     * second): every window that starts at a request is counted, so no boundary hides a burst.
     */
    maxPerWindow(pred: (r: RecordedRequest) => boolean = (r) => !/^\/(interactions|webhooks)\//.test(r.path), windowMs = 1000): number {
      const at = requests.filter(pred).map((r) => r.at).sort((a, b) => a - b);
      let best = 0;
      for (let i = 0, j = 0; i < at.length; i++) {
        while (at[i]! - at[j]! >= windowMs) j++;
        best = Math.max(best, i - j + 1);
      }
      return best;
    },

    /** Posts (messages and forum threads) created in a channel. */
    postsIn(channelId: string): Post[] {
      return posts.filter((p) => p.channelId === channelId);
    },

    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
  return fake;
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
