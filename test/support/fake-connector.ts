/**
 * A local stand-in for the Bot Framework Connector service: the HTTP API a bot calls on an activity's
 * `serviceUrl` to reply, send, update and create conversations.
 *
 * It reproduces the documented wire format of the Bot Connector REST API
 * (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference), the same
 * operations and paths botframework-connector 4.23 calls (`lib/connectorApi/operations/conversations.js`):
 *
 * | operation               | method and path                                               | answer                          |
 * |-------------------------|---------------------------------------------------------------|---------------------------------|
 * | Create Conversation     | POST /v3/conversations                                        | ConversationResourceResponse    |
 * | Send to Conversation    | POST /v3/conversations/{conversationId}/activities            | ResourceResponse `{ id }`       |
 * | Send Conversation History | POST /v3/conversations/{conversationId}/activities/history  | ResourceResponse `{ id }`       |
 * | Reply to Activity       | POST /v3/conversations/{conversationId}/activities/{activityId} | ResourceResponse `{ id }`     |
 * | Update Activity         | PUT /v3/conversations/{conversationId}/activities/{activityId}  | ResourceResponse `{ id }`     |
 * | Delete Activity         | DELETE /v3/conversations/{conversationId}/activities/{activityId} | 200, empty                  |
 * | Get Conversation Members| GET /v3/conversations/{conversationId}/members                | ChannelAccount[]                |
 *
 * Errors use the documented ErrorResponse shape `{ error: { code, message } }`: 403 `BotNotInConversationRoster`
 * for a conversation the bot was removed from (what Teams answers then), 404 `ActivityNotFoundInConversation`
 * for an update of an unknown activity when `rejectUnknownUpdates` is on, 400 `BadArgument` for a body that is
 * not a JSON object. Path segments are URL-decoded (Teams conversation ids contain `:` and `;`).
 * It listens on 127.0.0.1 only and accepts any or no Authorization header (the bot runs anonymously in tests).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorOperation =
  | 'createConversation' | 'sendToConversation' | 'sendConversationHistory' | 'replyToActivity'
  | 'updateActivity' | 'deleteActivity' | 'getConversationMembers';

/** One call the bot made, as received. */
export interface RecordedCall {
  readonly operation: ConnectorOperation;
  readonly method: string;
  readonly path: string;
  /** Decoded conversation id ('' for createConversation). */
  readonly conversationId: string;
  /** The activity id in the path (reply, update, delete). */
  readonly activityId?: string;
  /** The parsed JSON body (the activity, or the ConversationParameters). */
  readonly body: Record<string, unknown> | undefined;
  /** Whether an Authorization header came with it (never its value). */
  readonly authorized: boolean;
  /** HTTP status the fake answered. */
  readonly status: number;
  /** The id the fake answered with, if any. */
  readonly responseId?: string;
  readonly receivedAt: number;
}

export interface FakeConnectorOptions {
  /** Delay before every answer, in ms, or a function drawing one (to imitate a remote service). Default 0. */
  readonly latencyMs?: number | (() => number);
  /** Keep every call in `calls` (default true). The load benchmark turns it off and reads `counts` only. */
  readonly record?: boolean;
  /** Answer 404 ActivityNotFoundInConversation for an update of an id this fake never handed out. Default false. */
  readonly rejectUnknownUpdates?: boolean;
  /** Members returned by Get Conversation Members. */
  readonly members?: ReadonlyArray<Record<string, unknown>>;
}

export interface FakeConnector {
  /** The serviceUrl to put into activities, with a trailing slash like Teams' own (`http://127.0.0.1:PORT/`). */
  readonly serviceUrl: string;
  /** Every recorded call, in arrival order. */
  readonly calls: RecordedCall[];
  /** Calls per operation, also when recording is off. */
  readonly counts: Record<ConnectorOperation, number>;
  /** The activities the bot sent into one conversation (send, reply, history), in order. */
  activitiesIn(conversationId: string): Array<Record<string, unknown>>;
  /** From now on, every call for this conversation gets 403 BotNotInConversationRoster. */
  removeBotFrom(conversationId: string): void;
  /** Undoes {@link removeBotFrom}. */
  addBotTo(conversationId: string): void;
  /**
   * From now on, every call for this conversation gets this documented ErrorResponse (e.g. 404 ConversationNotFound,
   * 403 ConversationBlockedByUser); `undefined` undoes it. {@link removeBotFrom} takes precedence.
   */
  failIn(conversationId: string, failure: { status: number; code: string; message: string } | undefined): void;
  setLatency(latencyMs: number | (() => number)): void;
  /** Resolves with the first recorded call matching `predicate` (past or future); rejects after `timeoutMs`. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Forgets recorded calls and counts (not removals). */
  reset(): void;
  close(): Promise<void>;
}

const emptyCounts = (): Record<ConnectorOperation, number> => ({
  createConversation: 0, sendToConversation: 0, sendConversationHistory: 0, replyToActivity: 0,
  updateActivity: 0, deleteActivity: 0, getConversationMembers: 0,
});

interface Route { operation: ConnectorOperation; conversationId: string; activityId?: string }

function route(method: string, pathname: string): Route | undefined {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return undefined;
  let decode: (s: string) => string = decodeURIComponent;
  try { parts.forEach((p) => decode(p)); } catch { decode = (s) => s; }
  const conversationId = parts[2] === undefined ? '' : decode(parts[2]);
  if (parts.length === 2 && method === 'POST') return { operation: 'createConversation', conversationId };
  if (parts.length === 4 && parts[3] === 'activities' && method === 'POST') return { operation: 'sendToConversation', conversationId };
  if (parts.length === 4 && parts[3] === 'members' && method === 'GET') return { operation: 'getConversationMembers', conversationId };
  if (parts.length === 5 && parts[3] === 'activities') {
    const activityId = decode(parts[4]!);
    if (method === 'POST' && activityId === 'history') return { operation: 'sendConversationHistory', conversationId };
    if (method === 'POST') return { operation: 'replyToActivity', conversationId, activityId };
    if (method === 'PUT') return { operation: 'updateActivity', conversationId, activityId };
    if (method === 'DELETE') return { operation: 'deleteActivity', conversationId, activityId };
  }
  return undefined;
}

/** Starts the fake connector on 127.0.0.1 and a free port. */
export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const record = options.record ?? true;
  let latency = options.latencyMs ?? 0;
  const calls: RecordedCall[] = [];
  let counts = emptyCounts();
  const removed = new Set<string>();
  const failures = new Map<string, { status: number; code: string; message: string }>();
  const issuedIds = new Set<string>();
  const waiters = new Set<{ predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }>();
  let nextId = 1;
  const newId = () => {
    const id = `1:${Date.now().toString(16)}${(nextId++).toString(16).padStart(6, '0')}`;
    if (record || options.rejectUnknownUpdates) issuedIds.add(id);
    return id;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, payload: unknown, call?: Omit<RecordedCall, 'status' | 'responseId' | 'receivedAt'>, responseId?: string) => {
        const ms = typeof latency === 'function' ? latency() : latency;
        const send = () => {
          const body = payload === undefined ? '' : JSON.stringify(payload);
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        };
        if (call) {
          counts[call.operation] += 1;
          const recorded: RecordedCall = { ...call, status, ...(responseId ? { responseId } : {}), receivedAt: Date.now() };
          if (record) calls.push(recorded);
          for (const w of waiters) if (w.predicate(recorded)) { waiters.delete(w); w.resolve(recorded); }
        }
        if (ms > 0) setTimeout(send, ms); else send();
      };
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const matched = route(method, url.pathname);
      if (!matched) {
        reply(404, { error: { code: 'NotFound', message: `no connector operation for ${method} ${url.pathname}` } });
        return;
      }
      let body: Record<string, unknown> | undefined;
      const raw = Buffer.concat(chunks).toString('utf8');
      if (method === 'POST' || method === 'PUT') {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
          body = parsed as Record<string, unknown>;
        } catch {
          reply(400, { error: { code: 'BadArgument', message: 'The request body must be a JSON object.' } });
          return;
        }
      }
      const base = { operation: matched.operation, method, path: url.pathname, conversationId: matched.conversationId,
        ...(matched.activityId === undefined ? {} : { activityId: matched.activityId }), body, authorized: Boolean(req.headers.authorization) };
      if (matched.conversationId && removed.has(matched.conversationId)) {
        reply(403, { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }, base);
        return;
      }
      const failure = matched.conversationId ? failures.get(matched.conversationId) : undefined;
      if (failure) {
        reply(failure.status, { error: { code: failure.code, message: failure.message } }, base);
        return;
      }
      switch (matched.operation) {
        case 'createConversation': {
          const conversationId = `a:fake-${(nextId++).toString(36)}`;
          const activityId = body?.activity ? newId() : undefined;
          reply(200, { id: conversationId, serviceUrl: `http://127.0.0.1:${port}/`, ...(activityId ? { activityId } : {}) }, base, conversationId);
          return;
        }
        case 'updateActivity': {
          const id = matched.activityId!;
          if (options.rejectUnknownUpdates && !issuedIds.has(id)) {
            reply(404, { error: { code: 'ActivityNotFoundInConversation', message: 'Conversation not found.' } }, base);
            return;
          }
          reply(200, { id }, base, id);
          return;
        }
        case 'deleteActivity':
          reply(200, undefined, base);
          return;
        case 'getConversationMembers':
          reply(200, options.members ?? [{ id: 'user-1', name: 'Test User', aadObjectId: '00000000-0000-0000-0000-000000000001' }], base);
          return;
        default: {
          const id = newId();
          reply(200, { id }, base, id);
        }
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    get counts() { return counts; },
    activitiesIn: (conversationId) => calls
      .filter((c) => c.conversationId === conversationId && c.status < 300
        && (c.operation === 'sendToConversation' || c.operation === 'replyToActivity' || c.operation === 'sendConversationHistory'))
      .map((c) => c.body ?? {}),
    removeBotFrom: (id) => { removed.add(id); },
    addBotTo: (id) => { removed.delete(id); },
    failIn: (id, failure) => { if (failure) failures.set(id, failure); else failures.delete(id); },
    setLatency: (ms) => { latency = ms; },
    waitFor(predicate, timeoutMs = 5000) {
      const past = calls.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise<RecordedCall>((resolve, reject) => {
        const waiter = { predicate, resolve: (c: RecordedCall) => { clearTimeout(timer); resolve(c); } };
        const timer = setTimeout(() => { waiters.delete(waiter); reject(new Error(`no matching connector call within ${timeoutMs} ms`)); }, timeoutMs);
        waiters.add(waiter);
      });
    },
    reset: () => { calls.length = 0; counts = emptyCounts(); },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
