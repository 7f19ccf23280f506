/** Bounds for calls to the Bot Connector service (replies, card updates, proactive messages). */
export interface ConnectorDeadline {
  /** One HTTP attempt. Default 3 s. */
  readonly attemptMs?: number;
  /** One call including the SDK's retries (3, exponential from 1 s) and their waits. Default 5 s. */
  readonly totalMs?: number;
}

interface PipelineRequestLike { timeout: number; abortSignal?: AbortSignal }
interface PipelineLike {
  addPolicy(policy: { name: string; sendRequest(request: PipelineRequestLike, next: (r: PipelineRequestLike) => Promise<unknown>): Promise<unknown> }): void;
}

export const CONNECTOR_DEADLINE_POLICY = 'coexist-connector-deadline';

/**
 * Gives every call of a botframework-connector ConnectorClient a deadline, by adding a policy to the
 * @azure/core-rest-pipeline pipeline the client wraps (`client.client.pipeline`). Connector client options cannot
 * carry it: botframework-connector's ConnectorFactoryImpl overwrites `requestPolicyFactories` with its own list.
 * Policies without a phase run before the retry policy, so the abort signal also ends the SDK's retries (a dead
 * serviceUrl held a turn for about 15 s). Returns false when the client does not have that shape (then calls keep
 * the SDK's own timeouts). Mutates the client; never throws.
 */
export function addConnectorDeadline(client: unknown, deadline: ConnectorDeadline = {}): boolean {
  const pipeline = (client as { client?: { pipeline?: PipelineLike } } | null)?.client?.pipeline;
  if (!pipeline || typeof pipeline.addPolicy !== 'function') return false;
  const attemptMs = deadline.attemptMs ?? 3000;
  const totalMs = deadline.totalMs ?? 5000;
  pipeline.addPolicy({
    name: CONNECTOR_DEADLINE_POLICY,
    sendRequest(request, next) {
      request.timeout = request.timeout > 0 ? Math.min(request.timeout, attemptMs) : attemptMs;
      const limit = AbortSignal.timeout(totalMs);
      request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, limit]) : limit;
      return next(request);
    },
  });
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
