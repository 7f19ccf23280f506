import restify from 'restify';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import { type AcceptingGate, type EndpointReply, type ProcessActivity, createMessagesEndpoint } from './http/messages-endpoint';
import type { CheckedActivity } from './http/request-guards';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port; `RunningServer.port` tells which. */
  port: number;
  /** The CloudAdapter subclass (ConfigurationBotFrameworkAuthentication inside) that authenticates requests. */
  adapter: TeamsAdapter;
  handleTurn: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** Extra facts for GET /healthz (e.g. storage reachable); must not throw. */
  health?: () => Promise<Record<string, unknown>>;
  /** GET /readyz: 200 when this resolves `ready: true` (e.g. the store answers), else 503. May reject (= not ready). */
  ready?: () => Promise<{ ready: boolean; detail?: Record<string, unknown> }>;
  /** The bot's app id when requests must carry a Bot Framework token; undefined in anonymous mode. */
  authAppId?: string;
  /** Largest accepted POST /api/messages body (default 256 KB); larger is 413. */
  maxBodyBytes?: number;
  /** Longest wait for authentication before refusing with 401 (default 5 s). */
  authTimeoutMs?: number;
  /** During graceful shutdown new requests get 503 and requests in flight are tracked. */
  shutdown?: AcceptingGate;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  port: number;
  /** Stops accepting connections and resolves when open requests have finished. Never rejects. */
  close: () => Promise<void>;
}

/** CloudAdapterBase's `processActivity` (protected in the typings; `process` and the streaming path call it). */
interface ActivityProcessor {
  processActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined>;
}

/**
 * What CloudAdapter's `process` does to a request body before `processActivity` (botbuilder's
 * validateAndFixActivity): ISO date strings become Dates, the raw text is kept beside them. Mutates `activity`.
 */
const DATE_FIELDS = [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const;

function fixActivityDates(activity: CheckedActivity): Activity {
  const fixed = activity as Record<string, unknown>;
  for (const [field, raw] of DATE_FIELDS) {
    const value = fixed[field];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[field] = new Date(value);
    }
  }
  return fixed as unknown as Activity;
}

/**
 * Starts the HTTP server: POST /api/messages (Bot Framework protocol, behind src/http's request guards),
 * GET /healthz (alive) and GET /readyz (dependencies reachable).
 * Rejects if the address cannot be bound (e.g. EADDRINUSE).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = restify.createServer({ name: 'coexist', handleUncaughtExceptions: false });

  // The body is read by the endpoint's own guards (size, content type, JSON, activity shape), not by bodyParser:
  // botbuilder answers much malformed input with 500 or falls back to api.botframework.com for a missing serviceUrl.
  // The checked activity goes straight to `processActivity`: CloudAdapter's `process(req, res)` would only re-check
  // with zod what the guards checked (building the schemas anew per request), then call it the same way.
  const processActivity: ProcessActivity = async (activity, authorization, startTurn) => {
    const invokeResponse = await (options.adapter as unknown as ActivityProcessor).processActivity(authorization, fixActivityDates(activity), async (context: TurnContext) => {
      if (!startTurn()) return;
      await options.handleTurn(context);
    });
    return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body } satisfies EndpointReply;
  };
  const messages = createMessagesEndpoint({
    process: processActivity,
    appId: options.authAppId,
    logger: options.logger,
    maxBodyBytes: options.maxBodyBytes,
    authTimeoutMs: options.authTimeoutMs,
    shutdown: options.shutdown,
  });

  // The answer is written with Node's own writeHead/end: restify's send() would negotiate a formatter, merge
  // headers and flush through its own layers for what is always one JSON body (or none) per request.
  server.post('/api/messages', async (req, res) => {
    const reply = await messages(req);
    const headers: Record<string, string | number> = { ...reply.headers, 'x-request-id': reply.requestId };
    if (reply.body === undefined || reply.body === null || reply.body === '') {
      headers['content-length'] = 0;
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(text);
    res.writeHead(reply.status, headers);
    res.end(text);
  });

  // The Agents Playground probes the endpoint with HEAD before it connects.
  server.head('/api/messages', async (_req, res) => {
    res.send(204);
  });

  server.get('/healthz', async (_req, res) => {
    let extra: Record<string, unknown> = {};
    try {
      extra = (await options.health?.()) ?? {};
    } catch (error) {
      extra = { healthError: error instanceof Error ? error.message : String(error) };
    }
    res.json(200, { status: 'ok', ...extra });
  });

  server.get('/readyz', async (_req, res) => {
    if (options.shutdown && !options.shutdown.isAccepting()) {
      res.json(503, { ready: false, reason: 'shutting down' });
      return;
    }
    try {
      const report = (await options.ready?.()) ?? { ready: true };
      res.json(report.ready ? 200 : 503, { ready: report.ready, ...report.detail });
    } catch (error) {
      res.json(503, { ready: false, reason: error instanceof Error ? error.message : String(error) });
    }
  });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error, callback: () => void) => {
    options.logger.warn({ err, method: req.method, url: req.url }, 'request failed');
    callback();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    // restify re-emits the Node server's 'error' on itself: without a listener there, EADDRINUSE crashed the process.
    server.server.once('error', onError);
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      server.off('error', onError);
      resolve();
    });
  });

  const address = server.address();
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        // Keep-alive connections would hold close() open until they time out (5 s), also those that become idle
        // only when their turn finishes during the drain: close each as soon as it is idle.
        const idle = setInterval(() => server.server.closeIdleConnections?.(), 50);
        server.close(() => {
          clearInterval(idle);
          resolve();
        });
        server.server.closeIdleConnections?.();
      });
      return closing;
    },
  };
}
