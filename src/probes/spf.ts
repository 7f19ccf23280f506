import { msg } from '../i18n/message';
import type { ProbeResult } from './types';
import { walkSpfTree } from '../spf/tree';
import { summarizeSpfTree } from '../spf/verdict';
import { MICROSOFT_SPF_DOMAIN } from '../spf/tree';
import type { ProbeDeps } from './probe-support';

/**
 * Step `spf`: is the SPF record merged correctly? Walks the include/redirect tree (src/spf/tree.ts, queries of one
 * level in parallel) and judges it with the issue 3 rules (src/spf/verdict.ts). Never throws; a failed query the
 * verdict depends on is `error`, unless what did answer already makes it `wrong`.
 */
export async function probeSpf(domain: string, deps: ProbeDeps): Promise<ProbeResult> {
  const expected = `one SPF record with include:${MICROSOFT_SPF_DOMAIN}, at most 10 DNS lookups and 2 void lookups`;
  try {
    const tree = await walkSpfTree(domain, deps.resolver, deps.signal ? { signal: deps.signal } : {});
    const verdict = summarizeSpfTree(tree);
    const found = verdict.records.length === 0 ? null : verdict.records.length === 1 ? verdict.records[0] : verdict.records;
    const out: ProbeResult = {
      id: 'spf', status: verdict.status, found, expected,
      advice: verdict.advice,
    };
    if (verdict.ttlSeconds !== undefined) out.ttlSeconds = verdict.ttlSeconds;
    return out;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { id: 'spf', status: 'error', found: null, expected, advice: msg('probe.spf.failed', { detail }) };
  }
}
