/**
 * The ids of the request being served (request id; the turn id once it became a turn), bound to the request's
 * activity object, so every log line written about that activity can name the request and the turn.
 *
 * Bound to the activity rather than to an ambient async context (AsyncLocalStorage): the activity object travels
 * through the whole turn anyway (botbuilder's TurnContext keeps the very object the server hands to the adapter),
 * so what a log line names is visible at the call site. Code that logs in a turn passes it:
 * `requestLogger(logger, context.activity)` or `{ ...requestLogFields(context.activity), … }`.
 */

export interface RequestContext {
  readonly requestId: string;
  /** Set once the request has become a turn (after authentication). */
  turnId?: string;
}

// Weak: the context lives exactly as long as the request's activity object.
const contexts = new WeakMap<object, RequestContext>();

/** Binds `context` to the request's activity object (the one the adapter gets). Mutating `context` later shows. */
export function bindRequestContext(activity: object, context: RequestContext): void {
  contexts.set(activity, context);
}

/** The context bound to `activity`, or undefined (an activity not received over HTTP: the scheduler, tests). */
export function requestContextOf(activity: unknown): RequestContext | undefined {
  return activity !== null && typeof activity === 'object' ? contexts.get(activity) : undefined;
}

/** Fields for a log line: `{ requestId, turnId }` of the context (only the ids it has). Pure. */
export function contextLogFields(context: RequestContext | undefined): Record<string, string> {
  if (!context) return {};
  return context.turnId ? { requestId: context.requestId, turnId: context.turnId } : { requestId: context.requestId };
}

/** Fields for a log line about `activity`: its request's `{ requestId, turnId }`, `{}` when none is bound. Never throws. */
export function requestLogFields(activity: unknown): Record<string, string> {
  return contextLogFields(requestContextOf(activity));
}

/** The least a logger must offer to be bound to a request (pino's Logger fits). */
export interface ChildLogger<L> {
  child(bindings: Record<string, string>): L;
}

/**
 * `logger` with the request and turn ids of `activity` on every line; `logger` itself when none is bound. The child
 * logger is made only when the first line is written, so a turn that logs nothing pays one small object. Never throws.
 */
export function requestLogger<L extends ChildLogger<L> & object>(logger: L, activity: unknown): L {
  const context = requestContextOf(activity);
  if (!context) return logger;
  let bound: L | undefined;
  return new Proxy(logger, {
    get(_target, property) {
      bound ??= logger.child(contextLogFields(context));
      const value: unknown = Reflect.get(bound, property, bound);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(bound) : value;
    },
  });
}
