/**
 * The ids of the request being served, carried through every await of its turn (AsyncLocalStorage), so each log
 * line written while handling it names the request and the turn, whichever module's logger wrote it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  readonly requestId: string;
  /** Set once the request has become a turn (after authentication). */
  turnId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` as the current request context. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current request context, or undefined outside a request (start-up, the scheduler). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Fields for a log line (a pino `mixin`): `{ requestId, turnId }` inside a request, `{}` outside. Never throws. */
export function requestLogFields(): Record<string, string> {
  const context = storage.getStore();
  if (!context) return {};
  return context.turnId ? { requestId: context.requestId, turnId: context.turnId } : { requestId: context.requestId };
}
