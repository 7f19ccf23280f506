/**
 * POST /api/messages without the Bot Framework types: the guards in order (shutdown → content type → size → JSON →
 * activity shape → token shape), then the adapter, with authentication failing closed. The server (src/server.ts)
 * supplies the adapter call; this file never imports botbuilder.
 */
import type { IncomingMessage } from 'node:http';
import { newTurnId, requestIdFrom } from '../observability/logger';
import type { Logger } from '../observability/logger';
import { bindRequestContext, contextLogFields, type RequestContext } from './request-context';
import {
  type CheckedActivity, type RequestRejection, checkContentType, DEFAULT_MAX_BODY_BYTES, parseActivityBody, precheckBearer, readBody, rejectionBody,
} from './request-guards';

/** What the endpoint answers: a status, an optional JSON body, optional headers. */
export interface EndpointReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Runs the activity through the Bot Framework adapter: authenticates `authorization`, calls `startTurn` (at most
 * once, only after authentication succeeded), and resolves with what the adapter would answer. May reject.
 */
export type ProcessActivity = (activity: CheckedActivity, authorization: string, startTurn: () => boolean) => Promise<EndpointReply>;

/** The parts of the graceful shutdown the endpoint uses (src/observability/shutdown.ts fits). */
export interface AcceptingGate {
  isAccepting(): boolean;
  begin(): () => void;
}

export interface MessagesEndpointOptions {
  readonly process: ProcessActivity;
  /** The bot's app id when requests must be authenticated; undefined in anonymous mode. */
  readonly appId: string | undefined;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
  /**
   * Longest wait for authentication (botbuilder fetches Microsoft's signing keys on first use). Past it the request
   * is refused with 401 and the turn never runs, even if authentication succeeds later. Default 5 s.
   */
  readonly authTimeoutMs?: number;
  readonly shutdown?: AcceptingGate;
  readonly now?: () => number;
}

function reject(rejection: RequestRejection, extra: Record<string, string> = {}): EndpointReply {
  const headers: Record<string, string> = { ...extra };
  // The rest of an oversized body is not read; closing makes sure it is not taken for the next request.
  if (rejection.status === 413) headers.connection = 'close';
  if (rejection.status === 401) headers['www-authenticate'] = 'Bearer';
  return { status: rejection.status, body: rejectionBody(rejection), headers };
}

/**
 * Builds the request handler: `(request) → reply`. Each request gets a request context bound to its activity
 * (./request-context: the request id on every log line about it; the turn id once the turn starts). Never rejects: an adapter failure before the turn started is a 401
 * (fail closed), after it a 500 that is logged.
 */
export function createMessagesEndpoint(options: MessagesEndpointOptions): (request: IncomingMessage) => Promise<EndpointReply & { requestId: string }> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const authTimeoutMs = options.authTimeoutMs ?? 5000;
  const now = options.now ?? Date.now;

  async function handle(request: IncomingMessage, context: RequestContext): Promise<EndpointReply> {
    if (options.shutdown && !options.shutdown.isAccepting()) {
      request.resume();
      return reject({ status: 503, code: 'ShuttingDown', message: 'The bot is restarting; retry shortly.' }, { 'retry-after': '5' });
    }
    const end = options.shutdown?.begin();
    try {
      const contentType = checkContentType(request.headers['content-type']);
      if (contentType) {
        request.resume();
        return reject(contentType);
      }
      const body = await readBody(request, maxBodyBytes);
      if (body.kind === 'rejected') return reject(body.rejection);
      const parsed = parseActivityBody(body.text);
      if (!parsed.ok) return reject(parsed.rejection);
      bindRequestContext(parsed.activity, context);
      const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : '';
      if (options.appId !== undefined) {
        const bearer = precheckBearer(authorization, { appId: options.appId, nowSeconds: Math.floor(now() / 1000) });
        if (bearer) {
          options.logger.warn({ ...contextLogFields(context), reason: bearer.message, activityType: parsed.activity.type }, 'request refused: not authenticated');
          return reject(bearer);
        }
      }
      return await authenticateAndRun(parsed.activity, authorization, context);
    } finally {
      end?.();
    }
  }

  async function authenticateAndRun(activity: CheckedActivity, authorization: string, context: RequestContext): Promise<EndpointReply> {
    let phase: 'auth' | 'turn' | 'abandoned' = 'auth';
    // One promise for whichever comes first: the turn starts (authenticated), the adapter settles, the deadline
    // passes (three promises and a Promise.race per request before).
    let first: (what: 'turn' | 'done' | 'timeout') => void = () => undefined;
    const settledFirst = new Promise<'turn' | 'done' | 'timeout'>((resolve) => { first = resolve; });
    const startTurn = () => {
      if (phase !== 'auth') return false;
      phase = 'turn';
      context.turnId = newTurnId();
      first('turn');
      return true;
    };
    const processing = options.process(activity, authorization, startTurn);
    const timer = setTimeout(() => first('timeout'), authTimeoutMs);
    processing.then(() => first('done'), () => first('done'));
    try {
      if ((await settledFirst) === 'timeout' && phase === 'auth') {
        phase = 'abandoned';
        processing.catch(() => undefined);
        options.logger.warn({ ...contextLogFields(context), authTimeoutMs, activityType: activity.type }, 'request refused: authentication did not finish in time');
        return reject({ status: 401, code: 'Unauthorized', message: 'The request could not be authenticated in time.' });
      }
    } finally {
      clearTimeout(timer);
    }
    try {
      const reply = await processing;
      if (phase === 'auth') {
        // The adapter finished without running the turn: it refused the token (or could not check it, e.g. no
        // route to Microsoft's key endpoint). Whatever status it chose, that is a refusal.
        phase = 'abandoned';
        options.logger.warn({ ...contextLogFields(context), adapterStatus: reply.status, activityType: activity.type }, 'request refused: authentication failed');
        return reject({ status: 401, code: 'Unauthorized', message: 'The request could not be authenticated.' });
      }
      return reply;
    } catch (error) {
      if (phase === 'auth') {
        phase = 'abandoned';
        options.logger.warn({ ...contextLogFields(context), reason: error instanceof Error ? error.message : String(error), activityType: activity.type },
          'request refused: authentication failed');
        return reject({ status: 401, code: 'Unauthorized', message: 'The request could not be authenticated.' });
      }
      options.logger.error({ ...contextLogFields(context), err: error, activityType: activity.type }, 'turn failed outside the bot\'s error handler');
      return { status: 500, body: { error: { code: 'InternalError', message: 'The turn failed.' } } };
    }
  }

  return async (request) => {
    const requestId = requestIdFrom(request.headers['x-request-id'] ?? request.headers['x-ms-client-request-id']);
    const reply = await handle(request, { requestId });
    return { ...reply, requestId };
  };
}
