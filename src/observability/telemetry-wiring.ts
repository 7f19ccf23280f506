import type { TelemetryHook, TelemetrySpan } from './telemetry';

// The turn span bound to the turn's activity object (as src/http/request-context.ts binds the request ids): botbuilder
// hands that very object through the whole turn, so a probe started in the turn finds its parent from what it is
// given, not from an ambient async context. Weak: the entry lives as long as the activity.
const turnSpans = new WeakMap<object, TelemetrySpan>();

/** The `turn` span of the turn serving `activity` (its TurnContext's activity), if telemetry traces it. */
export function turnSpanOf(activity: unknown): TelemetrySpan | undefined {
  return activity !== null && typeof activity === 'object' ? turnSpans.get(activity) : undefined;
}

/** The parts of a turn context the turn span reads (botbuilder's TurnContext fits; no Bot Framework import here). */
export interface TurnLike {
  readonly activity: { readonly type?: unknown; readonly name?: unknown; readonly channelId?: unknown };
}

/**
 * botbuilder TurnContext's send/update/delete hooks, through which every Bot Connector call of a turn goes. Looked up
 * at run time, so contexts without them (tests) are traced without connector spans.
 */
interface ConnectorHooks {
  onSendActivities?(handler: (context: unknown, activities: ReadonlyArray<{ readonly type?: unknown }>, next: () => Promise<unknown>) => Promise<unknown>): unknown;
  onUpdateActivity?(handler: (context: unknown, activity: unknown, next: () => Promise<void>) => Promise<void>): unknown;
  onDeleteActivity?(handler: (context: unknown, reference: unknown, next: () => Promise<void>) => Promise<void>): unknown;
}

/** What a probe batch gives back (the bot's MigrationProbeBatch fits): only ids and statuses are read. */
export interface ProbeBatchLike {
  readonly results: ReadonlyArray<{ readonly id: string; readonly status: string }>;
}

// Activity fields are client-controlled: only short identifier-shaped values become attributes, anything else is
// 'other', so no text can travel in them.
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9/._-]{0,63}$/;
function identifier(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : 'other';
}

const errorType = (error: unknown): string => (error instanceof Error && IDENTIFIER.test(error.name) ? error.name : 'Error');

/** The HTTP status of a failed Bot Connector call (botframework-connector's RestError), if it has one. */
function statusCodeOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; response?: { status?: unknown } } | null;
  const status = e?.statusCode ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** One `client` span around a Bot Connector call: the operation, its outcome, the HTTP status of a failure. */
async function traceConnectorCall<T>(telemetry: TelemetryHook, parent: TelemetrySpan, operation: string, attributes: Record<string, string | number>, call: () => Promise<T>): Promise<T> {
  const span = telemetry.startSpan(`connector.${operation}`, { 'coexist.connector.operation': operation, ...attributes }, 'client', parent);
  try {
    const result = await call();
    span.setAttribute('coexist.outcome', 'ok');
    span.end({ ok: true });
    return result;
  } catch (error) {
    const status = statusCodeOf(error);
    if (status !== undefined) span.setAttribute('http.response.status_code', status);
    span.setAttribute('coexist.outcome', 'error');
    span.end({ ok: false, reason: errorType(error) });
    throw error;
  }
}

/**
 * Hooks the turn's sends, updates and deletes: each batch that goes to the Bot Connector gets a span (activity types
 * and count only). An invoke response is no connector call (it is the HTTP answer), so a batch of only those is not
 * traced.
 */
function traceConnectorCalls(turn: TurnLike, telemetry: TelemetryHook, parent: TelemetrySpan): void {
  const context = turn as ConnectorHooks;
  if (typeof context.onSendActivities === 'function') context.onSendActivities(async (_context, activities, next) => {
    const types = activities.map((a) => identifier(a.type) ?? 'none');
    if (types.every((type) => type === 'invokeResponse')) return next();
    return traceConnectorCall(telemetry, parent, 'send', { 'coexist.activity.types': [...new Set(types)].join(','), 'coexist.activity.count': activities.length }, next);
  });
  if (typeof context.onUpdateActivity === 'function') context.onUpdateActivity(async (_context, _activity, next) => traceConnectorCall(telemetry, parent, 'update', {}, next));
  if (typeof context.onDeleteActivity === 'function') context.onDeleteActivity(async (_context, _reference, next) => traceConnectorCall(telemetry, parent, 'delete', {}, next));
}

/**
 * Wraps the bot's turn handler: one `server` span `turn` per turn with the activity's type, invoke/event name and
 * channel (identifier-shaped values only), `ids(activity)` (request and turn id, to find the turn's log lines), the outcome
 * (`ok`, or `error` with the exception recorded on the span) and the metric `coexist.turn.duration` (ms). The turn's
 * Bot Connector calls (`client` spans `connector.send|update|delete`) become its children, and so do probe batches
 * given the turn's activity ({@link traceProbes}); the span is bound to `context.activity` ({@link turnSpanOf}). Rethrows what the handler throws. The composition
 * root calls this only when telemetry is on, so with it off the turn path is exactly what it was.
 */
export function traceTurns<C extends TurnLike>(
  handleTurn: (context: C) => Promise<void>,
  telemetry: TelemetryHook,
  ids: (activity: unknown) => Readonly<Record<string, string>> = () => ({}),
): (context: C) => Promise<void> {
  return async (context) => {
    const activity = context.activity;
    const kind = identifier(activity.type) ?? 'none';
    const attributes: Record<string, string> = { 'coexist.activity.type': kind };
    const name = identifier(activity.name);
    if (name !== undefined) attributes['coexist.activity.name'] = name;
    const channel = identifier(activity.channelId);
    if (channel !== undefined) attributes['coexist.channel'] = channel;
    const { requestId, turnId } = ids(activity);
    if (requestId !== undefined) attributes['coexist.request_id'] = requestId;
    if (turnId !== undefined) attributes['coexist.turn_id'] = turnId;
    const span = telemetry.startSpan('turn', attributes, 'server');
    const started = performance.now();
    turnSpans.set(activity, span);
    traceConnectorCalls(context, telemetry, span);
    const finish = (outcome: 'ok' | 'error', reason?: string) => {
      span.setAttribute('coexist.outcome', outcome);
      span.end(outcome === 'ok' ? { ok: true } : { ok: false, ...(reason ? { reason } : {}) });
      telemetry.trackMetric('coexist.turn.duration', performance.now() - started, { 'coexist.activity.type': kind, 'coexist.outcome': outcome });
    };
    try {
      await handleTurn(context);
    } catch (error) {
      telemetry.trackException(error, undefined, span);
      finish('error', errorType(error));
      throw error;
    }
    finish('ok');
  };
}

/** error (could not check) outranks wrong, wrong outranks missing, missing outranks ok. */
const SEVERITY: Readonly<Record<string, number>> = { ok: 0, missing: 1, wrong: 2, error: 3 };

/**
 * Wraps a probe batch function: one span `probe` per batch with the step ids asked (`coexist.probe.steps`), each
 * step's status (`coexist.probe.step.<id>`: ok, missing, wrong, error), the batch's worst status
 * (`coexist.probe.outcome`; the span fails only when a step could not be checked) and the metric
 * `coexist.probe.duration` (ms). No found records or advice texts. `turn`, the activity of the turn that asks (its
 * TurnContext's activity), makes the span a child of that turn's span; without it (the scheduler's re-checks) the
 * batch is a trace of its own. Same contract as the wrapped function, which is called without `turn`.
 */
export function traceProbes<M, S extends string, R extends ProbeBatchLike>(
  probe: (migration: M, stepIds: readonly S[]) => Promise<R>,
  telemetry: TelemetryHook,
): (migration: M, stepIds: readonly S[], turn?: object) => Promise<R> {
  return async (migration, stepIds, turn) => {
    const steps = stepIds.map((id) => identifier(id) ?? 'other').join(',');
    const span = telemetry.startSpan('probe', { 'coexist.probe.steps': steps }, 'internal', turnSpanOf(turn));
    const started = performance.now();
    let outcome = 'error';
    try {
      const batch = await probe(migration, stepIds);
      outcome = 'ok';
      for (const result of batch.results) {
        const status = SEVERITY[result.status] === undefined ? 'other' : result.status;
        span.setAttribute(`coexist.probe.step.${identifier(result.id) ?? 'other'}`, status);
        if ((SEVERITY[status] ?? 3) > (SEVERITY[outcome] ?? 0)) outcome = status;
      }
      return batch;
    } catch (error) {
      telemetry.trackException(error, undefined, span);
      throw error;
    } finally {
      span.setAttribute('coexist.probe.outcome', outcome);
      span.end(outcome === 'error' ? { ok: false, reason: 'could not check' } : { ok: true });
      telemetry.trackMetric('coexist.probe.duration', performance.now() - started, { 'coexist.probe.steps': steps, 'coexist.probe.outcome': outcome });
    }
  };
}
