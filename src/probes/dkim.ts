import type { DnsAnswer } from '../dns/types';
import { msg, sentences, type Message } from '../i18n/message';
import { classifyMicrosoftDkimTarget, domainWithDashes, looksLikeDkimKey, parseDkimKeyRecord } from '../mailauth/dkim-record';
import type { ProbeResult } from './types';
import { answerTtl, ask, errorResult, result, type ProbeDeps } from './probe-support';

const WHAT = msg('probe.what.dkim');

/**
 * The hosting providers' own DKIM selectors, reported as kept or lost (never as wrong for Microsoft 365). IONOS
 * signs with `s1-ionos`/`s2-ionos`; for STRATO no selector name is documented, so none is listed.
 */
export const PROVIDER_DKIM_SELECTORS: ReadonlyArray<{ provider: string; selectors: readonly string[] }> = [
  { provider: 'IONOS', selectors: ['s1-ionos', 's2-ionos'] },
];

type SelectorState =
  | { kind: 'microsoft'; target: string; tenant: string }
  | { kind: 'other-target'; target: string; copied: boolean }
  | { kind: 'txt-key'; text: string }
  | { kind: 'absent' }
  | { kind: 'error'; failed: Extract<DnsAnswer, { kind: 'error' }> };

function txtTexts(answer: DnsAnswer, direct: boolean): string[] {
  if (answer.kind !== 'records' || (direct && answer.cnameChain.length > 0)) return [];
  return answer.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
}

function selectorState(domain: string, n: 1 | 2, cname: DnsAnswer, txt: DnsAnswer): SelectorState {
  if (cname.kind === 'records') {
    const target = cname.records.flatMap((r) => (r.type === 'CNAME' ? [r.target] : []))[0];
    if (target !== undefined) {
      const c = classifyMicrosoftDkimTarget(target, domain, n);
      if (c.kind === 'microsoft') return { kind: 'microsoft', target, tenant: c.tenant };
      return { kind: 'other-target', target, copied: c.kind === 'other-domain' };
    }
  }
  const key = txtTexts(txt, true).find(looksLikeDkimKey);
  if (key !== undefined) return { kind: 'txt-key', text: key };
  if (cname.kind === 'error') return { kind: 'error', failed: cname };
  if (txt.kind === 'error') return { kind: 'error', failed: txt };
  return { kind: 'absent' };
}

function describe(name: string, state: SelectorState): string {
  switch (state.kind) {
    case 'microsoft': case 'other-target': return `${name} CNAME ${state.target}`;
    case 'txt-key': return `${name} TXT ${state.text.length > 40 ? `${state.text.slice(0, 39)}…` : state.text}`;
    case 'absent': return `${name} -`;
    case 'error': return `${name} ?`;
  }
}

type ProviderState = { selector: string; provider: string; state: 'kept' | 'lost' | 'unknown' };

function providerState(selector: string, provider: string, answer: DnsAnswer): ProviderState | undefined {
  if (answer.kind === 'error') return { selector, provider, state: 'unknown' };
  if (answer.kind === 'records') {
    const keys = txtTexts(answer, false).filter(looksLikeDkimKey);
    const good = keys.some((k) => { const p = parseDkimKeyRecord(k); return p.ok && !p.key.revoked; });
    return { selector, provider, state: good ? 'kept' : 'lost' };
  }
  // An alias left behind to a target that is gone: the provider's key no longer resolves.
  if (answer.cnameChain.length > 0) return { selector, provider, state: 'lost' };
  return undefined;
}

function providerAdvice(states: readonly ProviderState[], domain: string): Message[] {
  const of = (s: ProviderState['state']): string => states.filter((p) => p.state === s).map((p) => `${p.selector} (${p.provider})`).join(', ');
  return [
    ...(of('kept') ? [msg('probe.dkim.provider-kept', { list: of('kept'), domain })] : []),
    ...(of('lost') ? [msg('probe.dkim.provider-lost', { list: of('lost') })] : []),
    ...(of('unknown') ? [msg('probe.dkim.provider-unknown', { list: of('unknown') })] : []),
  ];
}

/**
 * Check `dkim` (issue 17): Microsoft 365's two selector CNAMEs. `ok`: both point to Microsoft's DKIM host names for
 * this domain (one tenant); `missing`: neither exists; `wrong`: only one, a CNAME to anything else, or a TXT key
 * copied in place of the CNAME; `error`: a query the verdict depends on failed. The provider's selectors
 * (`PROVIDER_DKIM_SELECTORS`) are reported as kept or lost in the advice and never change the status. Never throws.
 */
export async function probeDkim(domain: string, deps: ProbeDeps): Promise<ProbeResult> {
  const names = [1, 2].map((n) => `selector${n}._domainkey.${domain}`);
  const dashed = domainWithDashes(domain);
  const expected = names.map((name, i) => `${name} CNAME selector${i + 1}-${dashed}._domainkey.<tenant>.onmicrosoft.com (or …._domainkey.<tenant>.<x>-v1.dkim.mail.microsoft)`);
  const providerNames = PROVIDER_DKIM_SELECTORS.flatMap((p) => p.selectors.map((selector) => ({ provider: p.provider, selector, name: `${selector}._domainkey.${domain}` })));
  const [answers, providerAnswers] = await Promise.all([
    Promise.all(names.flatMap((name) => [ask(deps, name, 'CNAME'), ask(deps, name, 'TXT')])),
    Promise.all(providerNames.map((p) => ask(deps, p.name, 'TXT'))),
  ]);
  const states = [selectorState(domain, 1, answers[0]!, answers[1]!), selectorState(domain, 2, answers[2]!, answers[3]!)];
  const providers = providerNames.flatMap((p, i) => providerState(p.selector, p.provider, providerAnswers[i]!) ?? []);
  const found = [...states.map((s, i) => describe(names[i]!, s)), ...providers.map((p) => `${p.selector}._domainkey.${domain}: ${p.state} (${p.provider})`)];
  const ttls = answers.map(answerTtl).filter((t): t is number => t !== undefined);
  const ttl = ttls.length > 0 ? Math.min(...ttls) : undefined;
  const extra = providerAdvice(providers, domain);
  const done = (status: ProbeResult['status'], advice: Message): ProbeResult => result('dkim', status, found, expected, sentences([advice, ...extra]), ttl);

  const wrongs: Message[] = [];
  states.forEach((s, i) => {
    const name = names[i]!;
    if (s.kind === 'txt-key') {
      wrongs.push(msg('probe.dkim.txt-key', { name, want: `selector${i + 1}-${dashed}._domainkey.<tenant>.onmicrosoft.com` }));
    } else if (s.kind === 'other-target') {
      wrongs.push(msg(s.copied ? 'probe.dkim.copied-target' : 'probe.dkim.other-target',
      { name, target: s.target.replace(/\.$/, ''), n: i + 1, dashed, domain }));
    }
  });
  if (wrongs.length > 0) return done('wrong', sentences(wrongs));
  const failed = states.find((s): s is Extract<SelectorState, { kind: 'error' }> => s.kind === 'error');
  if (failed) {
    const e = errorResult('dkim', WHAT, failed.failed, expected);
    return { ...e, advice: sentences([e.advice, ...extra]) };
  }
  const [one, two] = states as [SelectorState, SelectorState];
  if (one.kind === 'absent' && two.kind === 'absent') {
    return done('missing', msg('probe.dkim.missing',
    { a: names[0]!, b: names[1]!, dashed, domain }));
  }
  if (one.kind === 'absent' || two.kind === 'absent') {
    const absent = one.kind === 'absent' ? 1 : 2;
    return done('wrong', msg('probe.dkim.one-selector',
    { name: names[absent - 1]!, n: absent, dashed }));
  }
  if (one.kind === 'microsoft' && two.kind === 'microsoft' && one.tenant !== two.tenant) {
    return done('wrong', msg('probe.dkim.two-tenants',
    { a: one.tenant, b: two.tenant, domain }));
  }
  return done('ok', sentences([msg('probe.dkim.ok', { domain }), msg('probe.dkim.enable', { domain })]));
}
