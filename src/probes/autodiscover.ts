import type { ProbeResult } from './types';
import { msg } from '../i18n/message';
import { answerTtl, ask, errorResult, result, type ProbeDeps } from './probe-support';

const WHAT = msg('probe.what.autodiscover');
export const AUTODISCOVER_TARGET = 'autodiscover.outlook.com';

/**
 * Step `autodiscover`: does `autodiscover.<domain>` CNAME to autodiscover.outlook.com? Asks CNAME, A and AAAA in
 * parallel (one round trip deep). Never throws; a failed query the verdict depends on is `error`.
 */
export async function probeAutodiscover(domain: string, deps: ProbeDeps): Promise<ProbeResult> {
  const name = `autodiscover.${domain}`;
  const expected = `${name} CNAME ${AUTODISCOVER_TARGET}`;
  const [cname, a, aaaa] = await Promise.all([ask(deps, name, 'CNAME'), ask(deps, name, 'A'), ask(deps, name, 'AAAA')]);
  if (cname.kind === 'records') {
    const targets = cname.records.flatMap((r) => (r.type === 'CNAME' ? [r.target] : []));
    const ttl = answerTtl(cname);
    if (targets.some((t) => t.toLowerCase().replace(/\.$/, '') === AUTODISCOVER_TARGET)) {
      return result('autodiscover', 'ok', targets, expected, msg('probe.autodiscover.ok', { name }), ttl);
    }
    return result('autodiscover', 'wrong', targets, expected, msg('probe.autodiscover.wrong-target',
      { name, target: targets.join(', '), want: AUTODISCOVER_TARGET }), ttl);
  }
  // Address records of the name itself (not reached through an alias) mean someone set A/AAAA instead of the CNAME.
  const direct = [a, aaaa].flatMap((answer) => (answer.kind === 'records' && answer.cnameChain.length === 0 ? answer.records : []));
  if (direct.length > 0) {
    return result('autodiscover', 'wrong', direct.map((r) => `${r.type} ${'address' in r ? r.address : ''}`), expected, msg('probe.autodiscover.address-records',
      { name, want: AUTODISCOVER_TARGET }), Math.min(...direct.map((r) => r.ttl)));
  }
  if (cname.kind === 'error') return errorResult('autodiscover', WHAT, cname, expected);
  if (cname.kind === 'nodata') {
    const failed = [a, aaaa].find((answer) => answer.kind === 'error');
    if (failed && failed.kind === 'error') return errorResult('autodiscover', WHAT, failed, expected);
  }
  return result('autodiscover', 'missing', null, expected, msg('probe.autodiscover.missing',
    { name, want: AUTODISCOVER_TARGET }), answerTtl(cname));
}
