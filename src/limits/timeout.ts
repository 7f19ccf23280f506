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
 * A call declared without a parameter (`() => …`; `call.length === 0`, which a lone rest or defaulted parameter
 * also gives, so declare the signal plainly) cannot take the signal and is called without one: no AbortController
 * is made for it (creating a signal costs ~2 µs of CPU, about 0.5 % of a "Check now" click, whose gated prober
 * keeps its own batch deadline); it is still settled at the deadline.
 */
export function runWithTimeout<T>(
  call: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  parent?: AbortSignal,
): Promise<TimedResult<T>> {
  if (parent?.aborted) return Promise.resolve({ kind: 'aborted' });
  const controller = call.length === 0 ? undefined : new AbortController();
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
      controller?.abort(parent?.reason);
      finish({ kind: 'aborted' });
    };
    const timer = setTimeout(() => {
      controller?.abort(new Error(`timed out after ${timeoutMs} ms`));
      finish({ kind: 'timeout', afterMs: timeoutMs });
    }, Math.max(0, timeoutMs));
    parent?.addEventListener('abort', onParentAbort, { once: true });
    let pending: Promise<T>;
    try {
      pending = controller ? call(controller.signal) : (call as () => Promise<T>)();
    } catch (error) {
      finish({ kind: 'error', error });
      return;
    }
    // The signal is aborted only where `finish` is called at once (deadline, parent): a rejection that follows is
    // ignored by `settled`, so any rejection that gets here is the call's own failure.
    Promise.resolve(pending).then(
      (value) => finish({ kind: 'ok', value }),
      (error: unknown) => finish({ kind: 'error', error }),
    );
  });
}
