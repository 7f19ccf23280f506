import type { ConnectorClientOptions } from 'botframework-connector';

/** Bounds for calls to the Bot Connector service (replies, card updates, proactive messages). */
export interface ConnectorDeadline {
  /** One HTTP attempt. Default 3 s. */
  readonly attemptMs?: number;
  /** One call including the SDK's retries (3, exponential from 1 s) and their waits. Default 5 s. */
  readonly totalMs?: number;
}

interface RequestLike { timeout: number; abortSignal?: AbortSignal }
interface PolicyLike { sendRequest(request: RequestLike): Promise<unknown> }

/**
 * Connector client options that give every outbound Bot Connector call a deadline. botbuilder's client retries a
 * refused or failed connection three times with growing waits, so a dead serviceUrl held a turn for about 15 s;
 * this policy sits outside the retry loop, so its abort signal ends the retries too.
 */
export function connectorClientOptions(deadline: ConnectorDeadline = {}): ConnectorClientOptions {
  const attemptMs = deadline.attemptMs ?? 3000;
  const totalMs = deadline.totalMs ?? 5000;
  const factory = {
    create: (next: PolicyLike): PolicyLike => ({
      sendRequest(request: RequestLike) {
        request.timeout = request.timeout > 0 ? Math.min(request.timeout, attemptMs) : attemptMs;
        const limit = AbortSignal.timeout(totalMs);
        request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, limit]) : limit;
        return next.sendRequest(request);
      },
    }),
  };
  return { requestPolicyFactories: [factory] } as unknown as ConnectorClientOptions;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'REQUEST_SEND_ERROR']);

/**
 * True when an error says the Bot Connector could not be reached at all (refused, unknown host, deadline): then an
 * apology sent to the same place would only wait for the same failure. Pure.
 */
export function isConnectorUnreachable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { name?: unknown; code?: unknown; statusCode?: unknown; cause?: unknown };
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code) && e.statusCode === undefined) return true;
  return e.cause !== undefined && e.cause !== error && isConnectorUnreachable(e.cause);
}
