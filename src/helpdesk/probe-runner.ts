import { msg } from '../i18n/message';
import type { Resolver } from '../dns/types';
import { checkDomain, isCheckId } from '../probes/check-domain';
import type { ProbeResult } from '../probes/types';
import type { ProbeRunner } from './diagnose';

export interface ProbeRunnerOptions {
  /** Ends a check still waiting for DNS after this many ms; it then reads "could not check" (default 6000). */
  budgetMs?: number;
  /** The verification value Microsoft 365 showed for the domain, when the migration knows it. */
  expectTxt?: string;
}

/**
 * The live checks of the helpdesk over src/probes (`checkDomain` with one check at a time). Never rejects: a probe
 * id that src/probes does not have yet is `error` ("could not check"), never `missing`.
 */
export function probeRunnerFor(resolver: Resolver, options: ProbeRunnerOptions = {}): ProbeRunner {
  return async (id, domain): Promise<ProbeResult> => {
    if (!isCheckId(id)) {
      return { id, status: 'error', found: null, expected: null, advice: msg('probe.no-live-check', { id }) };
    }
    const [result] = await checkDomain(domain, {
      resolver, checks: [id], budgetMs: options.budgetMs ?? 6000,
      ...(options.expectTxt ? { expectTxt: options.expectTxt } : {}),
    });
    return result!;
  };
}
