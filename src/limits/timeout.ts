/** Outcome of {@link runWithTimeout}. `aborted` means the caller's own signal fired first (e.g. shutdown). */
export type TimedResult<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'error'; readonly error: unknown };

/**
 * Runs one outbound call with a deadline. The call receives an AbortSignal that fires at the deadline or when
 * `parent` aborts, and must pass it on (fetch, the DNS transport) so the socket is really released. The result
 * is settled at the deadline even if the call ignores its signal. Never throws and never rejects.
 * A timeout is "could not check", never "missing": callers map `timeout` to an unknown verdict.
 */
export function runWithTimeout<T>(
  call: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  parent?: AbortSignal,
): Promise<TimedResult<T>> {
  if (parent?.aborted) return Promise.resolve({ kind: 'aborted' });
  const controller = new AbortController();
  return new Promise<TimedResult<T>>((resolve) => {
    let settled = false;
    const finish = (result: TimedResult<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
      resolve(result);
    };
    const onParentAbort = () => {
      controller.abort(parent?.reason);
      finish({ kind: 'aborted' });
    };
    const timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      finish({ kind: 'timeout', afterMs: timeoutMs });
    }, Math.max(0, timeoutMs));
    parent?.addEventListener('abort', onParentAbort, { once: true });
    let pending: Promise<T>;
    try {
      pending = call(controller.signal);
    } catch (error) {
      finish({ kind: 'error', error });
      return;
    }
    Promise.resolve(pending).then(
      (value) => finish({ kind: 'ok', value }),
      (error: unknown) => finish(controller.signal.aborted ? (parent?.aborted ? { kind: 'aborted' } : { kind: 'timeout', afterMs: timeoutMs }) : { kind: 'error', error }),
    );
  });
}
