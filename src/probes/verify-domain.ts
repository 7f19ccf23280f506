import type { ProbeResult } from './types';
import { msg } from '../i18n/message';
import { answerTtl, ask, errorResult, result, type ProbeDeps } from './probe-support';

export interface VerifyDomainDeps extends ProbeDeps {
  /** The value Microsoft 365 showed, e.g. `MS=ms48151623`; compared case-insensitively. */
  expectTxt?: string;
}

const WHAT = msg('probe.what.verify-domain');
const MS_TOKEN = /^MS=ms\d+$/i;

/**
 * Step `verify-domain`: is Microsoft's verification TXT at the apex? One TXT query. Never throws; a failed query
 * is `error`, never `missing`.
 */
export async function probeVerifyDomain(domain: string, deps: VerifyDomainDeps): Promise<ProbeResult> {
  const expectTxt = deps.expectTxt?.trim() || undefined;
  const expected = expectTxt ?? 'MS=ms<digits>';
  const answer = await ask(deps, domain, 'TXT');
  if (answer.kind === 'error') return errorResult('verify-domain', WHAT, answer, expected);
  const texts = answer.kind === 'records' ? answer.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : [])) : [];
  const ms = texts.filter((t) => /^MS=/i.test(t));
  const ttl = answerTtl(answer);
  const ok = expectTxt ? texts.some((t) => t.toLowerCase() === expectTxt.toLowerCase()) : ms.some((t) => MS_TOKEN.test(t));
  if (ok) {
    return result('verify-domain', 'ok', ms.length > 0 ? ms : texts.filter((t) => t.toLowerCase() === expectTxt?.toLowerCase()), expected, msg('probe.verify-domain.ok'), ttl);
  }
  if (ms.length === 0) {
    return result('verify-domain', 'missing', texts.length > 0 ? [] : null, expected, msg('probe.verify-domain.missing',
      { domain, value: expected }), ttl);
  }
  return result('verify-domain', 'wrong', ms, expected, msg(expectTxt ? 'probe.verify-domain.wrong-value' : 'probe.verify-domain.wrong-form', { value: expected }), ttl);
}
