/**
 * The scheduler as the composition root (and the multi-process test's worker) uses it: one runner with the
 * handlers for every job kind, plus the calls the bot makes when a turn's effects ask for a re-check, a
 * nudge or the cut-over reminder.
 */
import type { JobQueue } from '../store/types';
import { createHandlers, type HandlerDeps } from './handlers';
import { jobId, requiredJobs, type MigrationPayload, type RecheckPayload } from './jobs';
import { nextRecheckAt, scaleRecheck } from './policy-backoff';
import type { Deliver, MigrationFacts, SchedulerLog } from './ports';
import { createRunner, type Runner, type RunnerOptions } from './runner';

export interface SchedulerDeps<M = unknown> extends HandlerDeps<M> {
  /** The store's `markOnce`. */
  markOnce: (key: string, ttlMs: number) => Promise<boolean>;
  deliver: Deliver;
  /** Unique per process, e.g. `${hostname}:${pid}:${random}`. */
  owner: string;
  clock?: () => number;
  log?: SchedulerLog;
  /** Runner tuning (lease, batch size, concurrency, poll interval); see {@link RunnerOptions}. */
  runner?: Pick<RunnerOptions, 'leaseMs' | 'leaseMarginMs' | 'batchSize' | 'concurrency' | 'pollMs' | 'onceTtlMs' | 'maxAttempts' | 'retryMs'>;
}

export interface Scheduler extends Runner {
  /**
   * Queues (or moves) the re-check of a DNS step: after `attempt` earlier re-checks (0 when the step starts
   * waiting, so the first comes after a minute), never before `ttlSeconds` of the record seen have run out.
   * `dueAt` (the procedure's `schedule-recheck` effect `at`) replaces that computation. Both go through the
   * one back-off policy (the procedure's) and the configured time scale (`backoff.firstMs`).
   */
  scheduleRecheck(tenantId: string, migrationId: string, stepId: string,
    options?: { attempt?: number; ttlSeconds?: number; now?: number; dueAt?: number }): Promise<void>;
  /** Queues (or moves) the nudge job of a migration; it decides itself when a nudge is due. */
  scheduleNudge(tenantId: string, migrationId: string, dueAt?: number): Promise<void>;
  /** Queues (or moves) the end-of-coexistence reminder; it waits until every listed user has moved. */
  scheduleCutover(tenantId: string, migrationId: string, dueAt?: number): Promise<void>;
  /**
   * Queues whatever jobs the migration's state calls for and are not queued yet (a re-check per pending DNS
   * step, the nudge job while manual steps are open, the cut-over reminder once all users moved). Existing jobs
   * keep their due time, so calling this after every save does not reset backoff.
   */
  ensureJobs(tenantId: string, migrationId: string, facts: MigrationFacts): Promise<void>;
  readonly queue: JobQueue;
}

/** Wires runner, handlers and scheduling calls. Starts nothing; call `start()`. */
export function createScheduler<M>(deps: SchedulerDeps<M>): Scheduler {
  const clock = deps.clock ?? Date.now;
  const handlers = createHandlers(deps);
  const runner = createRunner({
    queue: deps.queue, markOnce: deps.markOnce, deliver: deps.deliver, handlers, owner: deps.owner, clock,
    ...(deps.log ? { log: deps.log } : {}), ...deps.runner,
  });

  async function scheduleIfAbsent(id: string, schedule: () => Promise<void>): Promise<void> {
    if (!(await deps.queue.get(id))) await schedule();
  }

  const scheduler: Scheduler = {
    get owner() { return runner.owner; },
    start: () => runner.start(),
    runDue: (max) => runner.runDue(max),
    stop: (grace) => runner.stop(grace),
    queue: deps.queue,
    async scheduleRecheck(tenantId, migrationId, stepId, options = {}) {
      const attempt = options.attempt ?? 0;
      const now = options.now ?? clock();
      await deps.queue.schedule({
        id: jobId('recheck', tenantId, migrationId, stepId), tenantId, kind: 'recheck',
        dueAt: options.dueAt !== undefined ? scaleRecheck(now, options.dueAt, deps.backoff) : nextRecheckAt(now, attempt, options.ttlSeconds, deps.backoff),
        payload: { migrationId, stepId, attempt } satisfies RecheckPayload,
      });
    },
    async scheduleNudge(tenantId, migrationId, dueAt) {
      await deps.queue.schedule({ id: jobId('nudge', tenantId, migrationId), tenantId, kind: 'nudge',
        dueAt: dueAt ?? clock(), payload: { migrationId } satisfies MigrationPayload });
    },
    async scheduleCutover(tenantId, migrationId, dueAt) {
      await deps.queue.schedule({ id: jobId('cutover', tenantId, migrationId), tenantId, kind: 'cutover',
        dueAt: dueAt ?? clock(), payload: { migrationId } satisfies MigrationPayload });
    },
    async ensureJobs(tenantId, migrationId, facts) {
      for (const job of requiredJobs(tenantId, migrationId, facts)) {
        await scheduleIfAbsent(job.id, () => (job.kind === 'recheck' ? scheduler.scheduleRecheck(tenantId, migrationId, job.stepId!)
          : job.kind === 'nudge' ? scheduler.scheduleNudge(tenantId, migrationId) : scheduler.scheduleCutover(tenantId, migrationId)));
      }
    },
  };
  return scheduler;
}
