/** Bounds for calls to the Bot Connector service (replies, card updates, proactive messages). */
export interface ConnectorDeadline {
  /** One HTTP attempt. Default 3 s. */
  readonly attemptMs?: number;
  /** One call including the SDK's retries (3, exponential from 1 s) and their waits. Default 5 s. */
  readonly totalMs?: number;
}

interface PipelineRequestLike { timeout: number; abortSignal?: AbortSignal }
interface PipelinePolicyLike {
  name: string;
  sendRequest(request: PipelineRequestLike, next: (r: PipelineRequestLike) => Promise<unknown>): Promise<unknown>;
}
interface PipelineLike {
  addPolicy(policy: PipelinePolicyLike, options?: { afterPhase?: 'Retry' }): void;
}

export const CONNECTOR_DEADLINE_POLICY = 'coexist-connector-deadline';
const ATTEMPT_POLICY = 'coexist-connector-attempts';

/** Connection errors that happen before a request reaches the server: such an attempt certainly did not deliver. */
export const NEVER_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Answers that say the service did not take the request (throttled, unavailable): nothing was delivered. */
const NOT_TAKEN_STATUSES: ReadonlySet<number> = new Set([429, 503]);

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  return typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
}

function statusOf(value: unknown): number | undefined {
  const v = value as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } } | null;
  const status = v?.status ?? v?.statusCode ?? v?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Per call: whether any attempt may have reached the service, and the last attempt's error. */
interface Attempts { mayHaveArrived: boolean; lastError?: unknown }

/**
 * Gives every call of a botframework-connector ConnectorClient a deadline, by adding a policy to the
 * @azure/core-rest-pipeline pipeline the client wraps (`client.client.pipeline`). Connector client options cannot
 * carry it: botframework-connector's ConnectorFactoryImpl overwrites `requestPolicyFactories` with its own list.
 * Policies without a phase run before the retry policy, so the abort signal also ends the SDK's retries (a dead
 * serviceUrl held a turn for about 15 s). When the deadline ends a call whose every attempt was refused before
 * reaching the service (or throttled), the call fails with the last attempt's error instead of an AbortError, so
 * a caller can still tell "certainly not delivered" from "may have arrived". Returns false when the client does not
 * have that shape (then calls keep the SDK's own timeouts). Mutates the client; never throws.
 */
export function addConnectorDeadline(client: unknown, deadline: ConnectorDeadline = {}): boolean {
  const pipeline = (client as { client?: { pipeline?: PipelineLike } } | null)?.client?.pipeline;
  if (!pipeline || typeof pipeline.addPolicy !== 'function') return false;
  const attemptMs = deadline.attemptMs ?? 3000;
  const totalMs = deadline.totalMs ?? 5000;
  const attempts = new WeakMap<PipelineRequestLike, Attempts>();
  pipeline.addPolicy({
    name: CONNECTOR_DEADLINE_POLICY,
    async sendRequest(request, next) {
      request.timeout = request.timeout > 0 ? Math.min(request.timeout, attemptMs) : attemptMs;
      const limit = AbortSignal.timeout(totalMs);
      request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, limit]) : limit;
      const seen: Attempts = { mayHaveArrived: false };
      attempts.set(request, seen);
      try {
        return await next(request);
      } catch (error) {
        // The deadline ended the retries; when no attempt can have reached the service (every one was refused or
        // throttled), say so with the last attempt's error, so callers know the message certainly did not arrive.
        if (limit.aborted && !seen.mayHaveArrived && seen.lastError !== undefined) throw seen.lastError;
        throw error;
      } finally {
        attempts.delete(request);
      }
    },
  });
  // Inside the retry loop: sees every attempt (the retry policy passes the same request object each time).
  pipeline.addPolicy({
    name: ATTEMPT_POLICY,
    async sendRequest(request, next) {
      const seen = attempts.get(request);
      try {
        const response = await next(request);
        if (seen) {
          const status = statusOf(response);
          if (status === undefined || !NOT_TAKEN_STATUSES.has(status)) seen.mayHaveArrived = true;
          else seen.lastError = Object.assign(new Error(`the Bot Connector answered ${status}`), { statusCode: status });
        }
        return response;
      } catch (error) {
        if (seen) {
          seen.lastError = error;
          const code = errorCode(error);
          const status = statusOf(error);
          const notSent = (code !== undefined && NEVER_SENT_CODES.has(code)) || (status !== undefined && NOT_TAKEN_STATUSES.has(status));
          if (!notSent) seen.mayHaveArrived = true;
        }
        throw error;
      }
    },
  }, { afterPhase: 'Retry' });
  return true;
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
