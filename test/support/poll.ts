/**
 * Polls `condition` every `intervalMs` until it holds. Rejects after `timeoutMs` with "timed out waiting for <what>"
 * followed by `detail()` (e.g. the tail of a process's log), so a failure says what it waited for and what it saw.
 */
export async function pollUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; intervalMs: number; detail?: () => string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${options.detail?.() ?? ''}`);
    await new Promise((r) => setTimeout(r, options.intervalMs));
  }
}
