/**
 * Posts fuzz cases at a bot endpoint and collects what must never happen: a crash (connection refused or reset,
 * no answer within the timeout), an unhandled rejection or uncaught exception in this process (when the server
 * under test runs in-process), and any 5xx answer.
 *
 * Run against any URL: `npx tsx test/fuzz/cli.ts --url http://127.0.0.1:3978/api/messages [--count 10000]`.
 */
import { type FuzzCase, generateActivities } from './activities';

/** What the poster is given: the raw body (maybe invalid JSON, on purpose) and its content type. */
export interface FuzzRequest {
  readonly body: string;
  readonly contentType: string;
}

/** What it reports back: the HTTP status, or an error when no HTTP answer came (a crash). */
export type FuzzResponse = { readonly status: number } | { readonly error: string };

export type PostActivity = (request: FuzzRequest) => Promise<FuzzResponse>;

export interface FuzzFailure {
  readonly index: number;
  readonly kind: string;
  readonly problem: 'server-error' | 'no-answer' | 'poster-threw';
  readonly detail: string;
  /** The first 300 characters of the body, to reproduce with the same seed and index. */
  readonly sample: string;
}

export interface FuzzReport {
  readonly sent: number;
  readonly seed: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly failures: readonly FuzzFailure[];
  /** All failures counted by problem and case family (`server-error 500 raw:wrong-content-type`), details or not. */
  readonly failureCounts: Readonly<Record<string, number>>;
  /** Unhandled rejections and uncaught exceptions seen in this process during the run. */
  readonly unhandled: readonly string[];
  readonly durationMs: number;
  /** True when there were no failures and nothing unhandled. */
  readonly ok: boolean;
}

export interface RunFuzzOptions {
  readonly count?: number;
  readonly seed?: number;
  /** Put into every activity (point it at the fake connector). */
  readonly serviceUrl?: string;
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number;
  /** 5xx statuses that are acceptable answers (e.g. 501 for an unknown invoke name), default none. */
  readonly allowStatuses?: readonly number[];
  /** Stop collecting details after this many failures (counting goes on). Default 50. */
  readonly maxFailureDetails?: number;
  readonly onProgress?: (done: number) => void;
}

/** An HTTP poster for a URL (fetch, with a per-request timeout). A missing answer is `{ error }`, never a throw. */
export function httpPoster(url: string, timeoutMs = 15_000): PostActivity {
  return async ({ body, contentType }) => {
    try {
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': contentType }, signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { error: `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}` };
    }
  };
}

/**
 * Generates `count` (default 10,000) cases with `seed` and posts them through `postActivity`. Never throws;
 * everything wrong ends up in the report.
 */
export async function runFuzz(postActivity: PostActivity, options: RunFuzzOptions = {}): Promise<FuzzReport> {
  const count = options.count ?? 10_000;
  const seed = options.seed ?? 1;
  const allow = new Set(options.allowStatuses ?? []);
  const maxDetails = options.maxFailureDetails ?? 50;
  const byStatus: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let failureCount = 0;
  const failureCounts: Record<string, number> = {};
  const unhandled: string[] = [];
  const onRejection = (reason: unknown) => { unhandled.push(`unhandledRejection: ${describe(reason)}`); };
  const onException = (error: unknown) => { unhandled.push(`uncaughtException: ${describe(error)}`); };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const started = Date.now();
  const cases = generateActivities({ count, seed, serviceUrl: options.serviceUrl ?? 'http://127.0.0.1:9/' });
  let sent = 0;
  const fail = (c: FuzzCase, problem: FuzzFailure['problem'], detail: string) => {
    failureCount++;
    const family = `${problem} ${problem === 'server-error' ? `${detail.replace('HTTP ', '')} ` : ''}${c.kind.split('[')[0]}`;
    failureCounts[family] = (failureCounts[family] ?? 0) + 1;
    if (failures.length < maxDetails) failures.push({ index: c.index, kind: c.kind.slice(0, 300), problem, detail, sample: c.body.slice(0, 300) });
  };
  const worker = async () => {
    for (let next = cases.next(); !next.done; next = cases.next()) {
      const c = next.value;
      let response: FuzzResponse;
      try {
        response = await postActivity({ body: c.body, contentType: c.contentType });
      } catch (error) {
        fail(c, 'poster-threw', describe(error));
        continue;
      } finally {
        sent++;
        if (sent % 1000 === 0) options.onProgress?.(sent);
      }
      if ('error' in response) {
        byStatus.none = (byStatus.none ?? 0) + 1;
        fail(c, 'no-answer', response.error);
      } else {
        byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
        if (response.status >= 500 && !allow.has(response.status)) fail(c, 'server-error', `HTTP ${response.status}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
    // Let late rejections from the last turns surface before judging.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
  return { sent, seed, byStatus, failures, failureCounts, unhandled, durationMs: Date.now() - started, ok: failureCount === 0 && unhandled.length === 0 };
}

function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}

/** A human-readable summary for the console. Pure. */
export function formatFuzzReport(report: FuzzReport): string {
  const statuses = Object.entries(report.byStatus).sort().map(([s, n]) => `${s}=${n}`).join(' ');
  const lines = [`fuzz: ${report.sent} cases (seed ${report.seed}) in ${(report.durationMs / 1000).toFixed(1)} s; statuses ${statuses}`,
    report.ok ? 'fuzz: OK — no crash, no 5xx, no unhandled rejection' : `fuzz: FAILED — ${report.unhandled.length} unhandled; failures by family:`];
  for (const [family, n] of Object.entries(report.failureCounts).sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(5)} ${family}`);
  if (report.failures.length > 0) lines.push('first failures (seed and index reproduce them):');
  for (const f of report.failures.slice(0, 20)) lines.push(`  #${f.index} ${f.problem} ${f.detail} ${f.kind.slice(0, 120)}`);
  for (const u of report.unhandled.slice(0, 10)) lines.push(`  ${u}`);
  return lines.join('\n');
}
