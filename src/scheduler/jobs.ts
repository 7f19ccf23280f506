import type { Localized } from '../i18n/locale';
import { jobId as storeJobId } from '../store/keys';
import type { MigrationFacts } from './ports';

/**
 * The scheduler's job kinds, their payloads and their ids. Ids are deterministic per migration (and step), so
 * scheduling is an upsert: the same re-check is never queued twice. Pure.
 */

export type JobKind = 'recheck' | 'nudge' | 'cutover' | 'announce';

export interface RecheckPayload {
  migrationId: string;
  stepId: string;
  /** Re-checks already run for this step; picks the backoff step. */
  attempt: number;
}
export interface MigrationPayload {
  migrationId: string;
}
export interface AnnouncePayload {
  migrationId: string;
  stepId: string;
  nextStepId?: string;
  /** The procedure's own confirmation text, when it gave one. */
  announcement?: Localized;
  /**
   * The idempotency key the re-check that confirmed the step would have sent under, so a re-check that crashed
   * after announcing and re-ran in quiet hours cannot announce a second time through this job.
   */
  onceKey?: string;
}

/**
 * The id of a job: the store's tenant-scoped `jobId`, so ids of different tenants, migrations or steps never
 * collide. Throws TypeError for an empty component (a bug upstream).
 */
export function jobId(kind: JobKind, tenantId: string, migrationId: string, stepId?: string): string {
  return storeJobId(kind, tenantId, migrationId, ...(stepId === undefined ? [] : [stepId]));
}

/** A job a migration's state calls for. */
export interface RequiredJob {
  id: string;
  kind: 'recheck' | 'nudge' | 'cutover';
  /** For a re-check: its DNS step. */
  stepId?: string;
}

/**
 * The jobs a migration's state calls for (what `Scheduler.ensureJobs` queues when absent): a re-check per DNS
 * step waiting for a probe, the nudge job while manual steps are open, the cut-over reminder once every listed
 * user has moved and until the cut-over is done. Pure.
 */
export function requiredJobs(tenantId: string, migrationId: string,
  facts: Pick<MigrationFacts, 'pendingDnsSteps' | 'openManualSteps' | 'allUsersMoved' | 'cutoverDone'>): RequiredJob[] {
  const jobs: RequiredJob[] = facts.pendingDnsSteps.map((stepId) => ({ id: jobId('recheck', tenantId, migrationId, stepId), kind: 'recheck', stepId }));
  if (facts.openManualSteps.length > 0) jobs.push({ id: jobId('nudge', tenantId, migrationId), kind: 'nudge' });
  if (facts.allUsersMoved && !facts.cutoverDone) jobs.push({ id: jobId('cutover', tenantId, migrationId), kind: 'cutover' });
  return jobs;
}

/** Reads a payload field defensively: payloads come back from storage as JSON. */
export function readPayload<T extends object>(payload: unknown, fields: readonly (keyof T & string)[]): T | undefined {
  if (typeof payload !== 'object' || payload === null) {
    return undefined;
  }
  const record = payload as Record<string, unknown>;
  for (const field of fields) {
    if (record[field] === undefined) {
      return undefined;
    }
  }
  return payload as T;
}
