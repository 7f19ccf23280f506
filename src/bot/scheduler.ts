/**
 * The scheduler inside the bot process: the store's job queue and `markOnce`, the procedure's migration port
 * (re-check results go through `transition`, the card is the procedure's), the bot's prober, and proactive
 * delivery through the adapter. The composition root starts it after the server listens and stops it on shutdown
 * (finishing running jobs and giving the remaining leases back, so another instance takes over at once).
 */
import { msg } from '../i18n/message';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { requestLogFields } from '../http/request-context';
import type { ProbeResult } from '../probes/types';
import type { DnsStepId } from '../procedure/types';
import { createScheduler, type Scheduler } from '../scheduler/create-scheduler';
import { requiredJobs } from '../scheduler/jobs';
import type { QuietHours } from '../scheduler/policy-quiet-hours';
import { procedureMigrationPort } from '../scheduler/procedure-port';
import type { ProbeStep, SchedulerLog } from '../scheduler/ports';
import { conversationPortFrom, settingsPortFrom } from '../scheduler/store-ports';
import { tenantFrom } from './actor';
import type { RegisterHandlers } from './create-app';
import { createAdapterDeliver, type ProactiveAdapter } from './deliver';
import type { AppDeps } from '../app/deps';
import type { StoredMigration } from '../app/migration-record';
import { schedulerCardFor, withLiveCard } from '../app/run-event';

export interface BotSchedulerOptions {
  adapter: ProactiveAdapter;
  /** The registration's app id; undefined in anonymous mode. */
  botAppId: string | undefined;
  settings: Config['scheduler'];
  /** Unique per process; default `${hostname}:${pid}:${random}`. */
  owner?: string;
  /** Sleep between empty polls of the queue. Default 1 s. */
  pollMs?: number;
}

/** A unique owner id for this process's leases. */
export function processOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

function schedulerLog(logger: Logger): SchedulerLog {
  const child = logger.child({ component: 'scheduler' });
  return {
    info: (fields, message) => child.info(fields, message),
    warn: (fields, message) => child.warn(fields, message),
    error: (fields, message) => child.error(fields, message),
  };
}

/** One DNS step of a migration through the bot's prober (verify-domain with the MS= value, as in a turn). */
export function probeStepFor(deps: Pick<AppDeps, 'probe'>): ProbeStep<StoredMigration> {
  return async (stepId, _facts, migration) => {
    const batch = await deps.probe(migration, [stepId as DnsStepId]);
    const found = batch.results.find((r) => r.id === stepId);
    if (found) return found;
    return { id: stepId, status: 'error', found: null, expected: null, advice: msg('probe.no-result') } satisfies ProbeResult;
  };
}

/** Builds (does not start) the bot's scheduler. */
export function createBotScheduler(deps: AppDeps, options: BotSchedulerOptions): Scheduler {
  const quietHours: QuietHours = options.settings.quietHours ?? { start: '00:00', end: '00:00', weekends: false };
  return createScheduler<StoredMigration>({
    queue: deps.store.jobs,
    markOnce: (key, ttlMs) => deps.store.markOnce(key, ttlMs),
    deliver: createAdapterDeliver(options.adapter, options.botAppId),
    owner: options.owner ?? processOwner(),
    clock: deps.clock,
    log: schedulerLog(deps.logger),
    migrations: procedureMigrationPort(deps.repos.migrations, {
      cardFor: schedulerCardFor(deps),
      withLiveCard,
    }),
    conversations: conversationPortFrom(deps.repos.conversations),
    settings: settingsPortFrom(deps.repos.userSettings),
    probe: probeStepFor(deps),
    quietHours,
    ...(options.settings.recheckFirstMs !== undefined ? { backoff: { firstMs: options.settings.recheckFirstMs } } : {}),
    runner: { leaseMs: options.settings.leaseMs, ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}) },
  });
}

/** Conversations whose last job upkeep this process remembers (oldest first out; a forgotten one is just redone). */
const UPKEEP_MEMORY = 4096;

/**
 * After each message, card click or conversation update in a conversation that has migrations:
 * - a conversation recorded as removed (a send got 403) is live again — the bot was added back and hears from it
 *   (the reference cache skips unchanged references, so this clears the mark itself);
 * - the jobs the migrations call for and do not have yet are queued: the nudge job while manual steps are open,
 *   the cut-over reminder once every listed user has moved, a re-check per DNS step still waiting (e.g. after the
 *   removal cancelled them). Jobs that exist keep their due time, so this never resets a back-off. The procedure
 *   has no effect for nudges; this is where they start.
 * The queueing only makes sure that the jobs the migrations call for exist, so it is skipped when this process saw
 * each of them exist (or queued it) at its last upkeep for the conversation and no job was removed since: the
 * queue's removal mark (`JobQueue.removalMark`) moves whenever a job is completed or cancelled, by any process — a
 * nudge completed elsewhere, jobs cancelled by a reset. The mark is taken before the jobs are read, so a removal
 * during the upkeep makes the next turn look again. Unchanged migrations (same eTags) are not even described.
 * Never throws.
 */
export function registerJobUpkeep(deps: AppDeps, scheduler: Pick<Scheduler, 'ensureJobs'>): RegisterHandlers {
  const describe = procedureMigrationPort(deps.repos.migrations).describe;
  const kinds = new Set(['message', 'invoke', 'conversationUpdate']);
  const done = new Map<string, { mark: string; etags: string; jobs: ReadonlySet<string> }>();
  return (app: Application<TurnState>) => {
    app.turn('afterTurn', async (context) => {
      const activity = context.activity;
      const conversationId = activity.conversation?.id;
      if (!kinds.has(activity.type) || !conversationId) return true;
      const tenantId = tenantFrom(activity, deps.devTenantId);
      if (!tenantId) return true;
      try {
        const mark = await deps.store.jobs.removalMark();
        const here = (await deps.repos.migrations.list(tenantId)).filter((m) => m.value.conversationId === conversationId);
        if (here.length === 0) return true;
        const stored = await deps.repos.conversations.get(tenantId, conversationId);
        if (stored?.value.removed) {
          await deps.repos.conversations.refresh(tenantId, conversationId, TurnContext.getConversationReference(activity) as Record<string, unknown>, deps.clock());
          deps.logger.info({ ...requestLogFields(activity), conversationId }, 'the bot is back in the conversation: reminders resume');
        }
        const key = `${tenantId}\n${conversationId}`;
        let etags = '';
        for (const { domain, etag } of here) etags += `${domain}\n${etag}\n`;
        const last = done.get(key);
        if (last?.mark === mark && last.etags === etags) return true;
        const facts = here.map(({ domain, value }) => ({ domain, facts: describe(value) }));
        const needed = facts.flatMap(({ domain, facts: f }) => requiredJobs(tenantId, domain, f).map((job) => job.id));
        if (last?.mark === mark && needed.every((id) => last.jobs.has(id))) {
          last.etags = etags;
          return true;
        }
        for (const { domain, facts: f } of facts) await scheduler.ensureJobs(tenantId, domain, f);
        done.delete(key);
        if (done.size >= UPKEEP_MEMORY) done.delete(done.keys().next().value!);
        done.set(key, { mark, etags, jobs: new Set(needed) });
      } catch (error) {
        // The next turn tries again; the person's answer must not depend on this.
        deps.logger.warn({ ...requestLogFields(activity), err: error, conversationId }, 'could not queue the migration\'s reminder jobs');
      }
      return true;
    });
  };
}
