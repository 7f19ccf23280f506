import { runWithTimeout } from '../limits/timeout';

/** The subset of a logger the shutdown needs (pino's Logger fits). */
export interface ShutdownLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface GracefulShutdownOptions {
  /** Stops taking new requests, e.g. `() => server.close()`. Awaited within the drain deadline. */
  readonly stopAccepting: () => Promise<void> | void;
  /** How long turns in flight may take to finish after shutdown starts. Default 10 s (App Service allows ~30 s). */
  readonly drainDeadlineMs?: number;
  /** Upper bound for each release hook. Default 5 s. */
  readonly releaseTimeoutMs?: number;
  readonly log?: ShutdownLog;
}

/** Outcome of one release hook. */
export interface ReleaseOutcome {
  readonly name: string;
  readonly outcome: 'ok' | 'failed' | 'timeout';
  readonly error?: string;
}

/** What happened during shutdown; `drained: false` means `abandoned` units of work were still running at the deadline. */
export interface ShutdownReport {
  readonly reason: string;
  readonly drained: boolean;
  readonly abandoned: number;
  readonly releases: readonly ReleaseOutcome[];
  readonly durationMs: number;
}

export interface GracefulShutdown {
  /** False from the moment shutdown starts: the server answers new requests with 503 then. */
  isAccepting(): boolean;
  /**
   * Registers one unit of work in flight (a turn, a scheduler job); call the returned function when it ends
   * (idempotent). Work may still begin during the drain, e.g. a turn that was already being read.
   */
  begin(): () => void;
  /** Convenience around {@link begin}: tracks a promise until it settles and returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Number of units in flight. */
  inFlight(): number;
  /**
   * Adds a release step (release job leases, flush telemetry, close the store). Steps run once, in the order
   * added, after the drain, each bounded by `releaseTimeoutMs`; a failing step does not stop later ones.
   */
  onRelease(name: string, release: (signal: AbortSignal) => Promise<void> | void): void;
  /** Fires when the drain deadline passes: long-running work should give up (pass it to runWithTimeout). */
  readonly signal: AbortSignal;
  /** Starts shutdown (idempotent: later calls get the same report). Never rejects. */
  shutdown(reason: string): Promise<ShutdownReport>;
}

/** Builds the graceful-shutdown coordinator: stop accepting, drain in-flight work with a deadline, release in order. */
export function createGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const drainDeadlineMs = options.drainDeadlineMs ?? 10_000;
  const releaseTimeoutMs = options.releaseTimeoutMs ?? 5_000;
  const releases: Array<{ name: string; release: (signal: AbortSignal) => Promise<void> | void }> = [];
  const deadline = new AbortController();
  let accepting = true;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  let report: Promise<ShutdownReport> | undefined;

  const begin = () => {
    inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    };
  };

  async function run(reason: string): Promise<ShutdownReport> {
    const started = Date.now();
    accepting = false;
    options.log?.info({ reason, inFlight }, 'shutdown: no longer accepting requests');
    const drained = new Promise<void>((resolve) => {
      idle = resolve;
      if (inFlight === 0) resolve();
    });
    const stop = Promise.resolve().then(() => options.stopAccepting()).catch((error: unknown) => {
      options.log?.warn({ err: error }, 'shutdown: stopping the listener failed');
    });
    const finished = await runWithTimeout(() => Promise.all([drained, stop]), drainDeadlineMs);
    const abandoned = finished.kind === 'ok' ? 0 : inFlight;
    if (abandoned > 0) options.log?.warn({ abandoned, drainDeadlineMs }, 'shutdown: deadline passed with work in flight');
    deadline.abort(new Error(`shutdown deadline of ${drainDeadlineMs} ms passed`));

    const outcomes: ReleaseOutcome[] = [];
    for (const { name, release } of releases) {
      const result = await runWithTimeout(async (signal) => { await release(signal); }, releaseTimeoutMs);
      const outcome: ReleaseOutcome = result.kind === 'ok' ? { name, outcome: 'ok' }
        : result.kind === 'error' ? { name, outcome: 'failed', error: result.error instanceof Error ? result.error.message : String(result.error) }
          : { name, outcome: 'timeout' };
      if (outcome.outcome !== 'ok') options.log?.error({ release: name, outcome: outcome.outcome, error: outcome.error }, 'shutdown: release step did not complete');
      outcomes.push(outcome);
    }
    const done: ShutdownReport = { reason, drained: abandoned === 0, abandoned, releases: outcomes, durationMs: Date.now() - started };
    options.log?.info({ ...done }, 'shutdown: complete');
    return done;
  }

  return {
    isAccepting: () => accepting,
    begin,
    track<T>(work: Promise<T>): Promise<T> {
      const end = begin();
      work.then(end, end);
      return work;
    },
    inFlight: () => inFlight,
    onRelease(name, release) { releases.push({ name, release }); },
    signal: deadline.signal,
    shutdown(reason) {
      report ??= run(reason);
      return report;
    },
  };
}

/** The parts of `process` the signal wiring uses, so it can be tested without killing the test runner. */
export interface SignalSource {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * On SIGTERM (App Service stopping or swapping) or SIGINT (Ctrl+C), runs the shutdown and then calls `exit`
 * with 0 when everything drained and released, 1 otherwise. A second signal exits at once with 130.
 */
export function exitOnSignals(
  shutdown: GracefulShutdown,
  exit: (code: number) => void = (code) => process.exit(code),
  source: SignalSource = process,
): void {
  let started = false;
  const onSignal = (signal: string) => {
    if (started) { exit(130); return; }
    started = true;
    void shutdown.shutdown(signal).then((r) => exit(r.drained && r.releases.every((x) => x.outcome === 'ok') ? 0 : 1));
  };
  source.on('SIGTERM', () => onSignal('SIGTERM'));
  source.on('SIGINT', () => onSignal('SIGINT'));
}
