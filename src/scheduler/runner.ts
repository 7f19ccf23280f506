/**
 * The loop that runs due jobs: claim with a lease, run the handler for the job's kind, then complete or
 * reschedule with the lease token. A crash mid-job leaves the lease to expire, and the job runs again in the same
 * generation, so its idempotency keys (`job:<id>:<generation>:<part>`) stop any message it already sent from
 * going out twice.
 */
import { isStoreTimeout } from '../store/deadline-store';
import type { ClaimedJob, JobQueue } from '../store/types';
import { silentLog, type DeliveryResult, type Deliver, type OutgoingMessage, type SchedulerLog } from './ports';

/** What a handler asks the runner to do with its job. */
export type JobOutcome =
  | { kind: 'complete' }
  | { kind: 'reschedule'; dueAt: number; payload?: unknown }
  /** Leave the lease alone: the job runs again (same generation) when the lease expires. */
  | { kind: 'abandon'; reason: string };

/** The outcome of {@link JobContext.sendOnce}. */
export type SendOutcome =
  | DeliveryResult
  /** The idempotency key was taken by an earlier run of this job: this message was sent (or is uncertain) already. */
  | { kind: 'already' }
  /** The lease ran out (or nearly): another owner may hold the job now, so nothing was sent. */
  | { kind: 'lease-expired' };

export interface JobContext {
  /** The runner's clock reading when the job started. */
  now: number;
  clock: () => number;
  log: SchedulerLog;
  /**
   * Sends `message` at most once for this job run. `part` names the message within the run; `key` replaces the
   * default key `job:<id>:<generation>:<part>` (e.g. "one nudge per migration per day"). Checks the lease first.
   * Never rejects: a throwing `deliver` counts as an uncertain failure.
   */
  sendOnce(reference: unknown, message: OutgoingMessage, part: string, key?: string): Promise<SendOutcome>;
}

/** Runs one claimed job. May reject: the runner treats that as a crash of this run (see {@link RunnerOptions}). */
export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<JobOutcome>;

export interface RunnerOptions {
  queue: JobQueue;
  /** The store's `markOnce(key, ttlMs)`: true only for the first caller of `key` within `ttlMs`. */
  markOnce: (key: string, ttlMs: number) => Promise<boolean>;
  deliver: Deliver;
  handlers: Readonly<Record<string, JobHandler>>;
  /** This instance's id (unique per process). */
  owner: string;
  clock?: () => number;
  log?: SchedulerLog;
  /** Lease per claim. Default 60 s; a job must finish well within it. */
  leaseMs?: number;
  /** No message goes out when less than this is left of the lease. Default 5 s (or a tenth of a short lease). */
  leaseMarginMs?: number;
  /** Jobs per claim. Default 20. */
  batchSize?: number;
  /** Jobs running at once. Default 4. */
  concurrency?: number;
  /** Sleep between empty polls. Default 1 s. */
  pollMs?: number;
  /** How long idempotency keys live. Default 7 days (longer than any lease or retry). */
  onceTtlMs?: number;
  /** A job that crashed this many claims in one generation is rescheduled (new generation) after `retryMs`. Default 5. */
  maxAttempts?: number;
  retryMs?: number;
  /** A job whose store call missed its deadline before it sent anything is given back and runs again after this. Default 60 s. */
  storeRetryMs?: number;
}

export interface Runner {
  /** Starts the polling loop (idempotent). */
  start(): void;
  /**
   * Claims and runs due jobs until none is due (or `maxBatches` batches ran). For tests and the CLI; resolves to
   * the number of jobs run.
   */
  runDue(maxBatches?: number): Promise<number>;
  /**
   * Stops claiming, lets running jobs finish (up to `graceMs`, default 10 s), then gives this owner's remaining
   * leases back so other instances take over at once. Idempotent.
   */
  stop(graceMs?: number): Promise<void>;
  readonly owner: string;
}

/** Builds a runner. Nothing happens until `start` or `runDue`. */
export function createRunner(options: RunnerOptions): Runner {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? silentLog;
  const leaseMs = options.leaseMs ?? 60_000;
  const leaseMarginMs = options.leaseMarginMs ?? Math.min(5_000, Math.floor(leaseMs / 10));
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollMs = options.pollMs ?? 1_000;
  const onceTtlMs = options.onceTtlMs ?? 7 * 86_400_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryMs = options.retryMs ?? 60_000;
  const storeRetryMs = options.storeRetryMs ?? 60_000;

  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const running = new Set<Promise<void>>();

  function context(job: ClaimedJob, now: number, sent: { any: boolean }): JobContext {
    return {
      now,
      clock,
      log,
      async sendOnce(reference, message, part, key) {
        if (clock() > job.leaseUntil - leaseMarginMs) {
          log.warn({ job: job.id }, 'lease nearly expired: not sending');
          return { kind: 'lease-expired' };
        }
        sent.any = true;
        const onceKey = key ?? `job:${job.id}:${job.generation}:${part}`;
        if (!(await options.markOnce(onceKey, onceTtlMs))) {
          return { kind: 'already' };
        }
        try {
          return await options.deliver(reference, message);
        } catch (error) {
          return { kind: 'failed', notDelivered: false, detail: error instanceof Error ? error.message : String(error) };
        }
      },
    };
  }

  async function runOne(job: ClaimedJob): Promise<void> {
    const handler = options.handlers[job.kind];
    let outcome: JobOutcome;
    if (!handler) {
      log.error({ job: job.id, kind: job.kind }, 'no handler for this job kind; dropping it');
      outcome = { kind: 'complete' };
    } else {
      const sent = { any: false };
      try {
        outcome = await handler(job, context(job, clock(), sent));
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        if (isStoreTimeout(error) && !sent.any) {
          // The store stalled before anything was sent: give the job back now (a new generation is safe, nothing of
          // this run went out) instead of holding its lease while the store is down, and try again a minute later.
          log.warn({ job: job.id, detail }, 'the store did not answer; the job runs again in a minute');
          outcome = { kind: 'reschedule', dueAt: clock() + storeRetryMs };
        } else if (job.attempts >= maxAttempts) {
          log.error({ job: job.id, attempts: job.attempts, detail }, 'job keeps failing; retrying later in a new generation');
          outcome = { kind: 'reschedule', dueAt: clock() + retryMs };
        } else {
          log.warn({ job: job.id, attempts: job.attempts, detail }, 'job failed; it runs again when its lease expires');
          outcome = { kind: 'abandon', reason: detail };
        }
      }
    }
    try {
      if (outcome.kind === 'complete') {
        const r = await options.queue.complete(job.id, job.token);
        if (!r.ok) log.warn({ job: job.id, reason: r.reason }, 'complete: lease lost');
      } else if (outcome.kind === 'reschedule') {
        const r = await options.queue.reschedule(job.id, job.token, outcome.dueAt, outcome.payload);
        if (!r.ok) log.warn({ job: job.id, reason: r.reason }, 'reschedule: lease lost');
      }
    } catch (error) {
      log.error({ job: job.id, detail: error instanceof Error ? error.message : String(error) }, 'queue write failed; the lease will expire');
    }
  }

  async function runBatch(jobs: ClaimedJob[]): Promise<number> {
    let next = 0;
    let ran = 0;
    const lanes = Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length && !stopping) {
        const job = jobs[next++]!;
        ran += 1;
        await runOne(job);
      }
    });
    await Promise.all(lanes);
    return ran;
  }

  async function claimAndRun(): Promise<number> {
    const jobs = await options.queue.claimDue({ now: clock(), limit: batchSize, owner: options.owner, leaseMs });
    if (jobs.length === 0) {
      return 0;
    }
    const batch = runBatch(jobs);
    const tracked = batch.then(() => undefined, () => undefined);
    running.add(tracked);
    try {
      return await batch;
    } finally {
      running.delete(tracked);
    }
  }

  async function pollLoop(): Promise<void> {
    while (!stopping) {
      let ran = 0;
      try {
        ran = await claimAndRun();
      } catch (error) {
        log.error({ detail: error instanceof Error ? error.message : String(error) }, 'claiming failed; retrying');
      }
      if (ran === 0 && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => { clearTimeout(timer); resolve(); };
        });
        wake = undefined;
      }
    }
  }

  return {
    owner: options.owner,
    start() {
      if (!loop && !stopping) {
        loop = pollLoop();
      }
    },
    async runDue(maxBatches = Number.POSITIVE_INFINITY) {
      let total = 0;
      for (let i = 0; i < maxBatches && !stopping; i++) {
        const ran = await claimAndRun();
        if (ran === 0) break;
        total += ran;
      }
      return total;
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      wake?.();
      const settle = Promise.all([loop ?? Promise.resolve(), ...running]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settle, new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); })]);
      clearTimeout(timer);
      // Leases of jobs still running past the grace period are released too: their idempotency keys keep a
      // second run from re-sending what they sent.
      await options.queue.releaseOwner(options.owner);
    },
  };
}
