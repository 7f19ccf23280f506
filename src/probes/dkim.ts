import type { DnsAnswer } from '../dns/types';
import type { Localized } from '../i18n/locale';
import { classifyMicrosoftDkimTarget, domainWithDashes, looksLikeDkimKey, parseDkimKeyRecord } from '../mailauth/dkim-record';
import type { ProbeResult } from './types';
import { answerTtl, ask, errorResult, localize, result, type ProbeDeps } from './probe-support';

const WHAT = { en: 'the DKIM selector records', de: 'die DKIM-Selektor-Einträge' };

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

function providerAdvice(states: readonly ProviderState[], domain: string): Localized[] {
  const out: Localized[] = [];
  const of = (s: ProviderState['state']): string => states.filter((p) => p.state === s).map((p) => `${p.selector} (${p.provider})`).join(', ');
  if (of('kept')) {
    out.push(localize({ en: 'The provider\'s DKIM selector(s) {list} are kept: mail from the mailboxes still at the provider stays signed for {domain}.',
      de: 'Die DKIM-Selektoren des Anbieters {list} sind erhalten: Mail aus den Postfächern, die noch beim Anbieter liegen, bleibt für {domain} signiert.' }, { list: of('kept'), domain }));
  }
  if (of('lost')) {
    out.push(localize({ en: 'The provider\'s DKIM selector(s) {list} are lost (no valid key): mail from the mailboxes still at the provider is no longer DKIM-signed; restore the record in the provider\'s DNS settings.',
      de: 'Die DKIM-Selektoren des Anbieters {list} sind verloren (kein gültiger Schlüssel): Mail aus den Postfächern beim Anbieter ist nicht mehr DKIM-signiert; stellen Sie den Eintrag in den DNS-Einstellungen des Anbieters wieder her.' }, { list: of('lost') }));
  }
  if (of('unknown')) {
    out.push(localize({ en: 'The provider\'s DKIM selector(s) {list} could not be checked.', de: 'Die DKIM-Selektoren des Anbieters {list} konnten nicht geprüft werden.' }, { list: of('unknown') }));
  }
  return out;
}

function join(parts: readonly Localized[]): Localized {
  return { en: parts.map((p) => p.en).join(' '), de: parts.map((p) => p.de).join(' ') };
}

const ENABLE: Localized = {
  en: 'Then turn signing on: Microsoft Defender portal > Email & collaboration > Policies & rules > Threat policies > Email authentication settings > DKIM > {domain} > Sign messages for this domain with DKIM signatures, or Set-DkimSigningConfig -Identity {domain} -Enabled $true.',
  de: 'Schalten Sie dann das Signieren ein: Microsoft Defender-Portal > E-Mail und Zusammenarbeit > Richtlinien und Regeln > Bedrohungsrichtlinien > E-Mail-Authentifizierungseinstellungen > DKIM > {domain} > Nachrichten für diese Domäne mit DKIM-Signaturen signieren, oder Set-DkimSigningConfig -Identity {domain} -Enabled $true.',
};

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
  const done = (status: ProbeResult['status'], advice: Localized): ProbeResult => result('dkim', status, found, expected, join([advice, ...extra]), ttl);

  const wrongs: Localized[] = [];
  states.forEach((s, i) => {
    const name = names[i]!;
    if (s.kind === 'txt-key') {
      wrongs.push(localize({ en: '{name} is a TXT key copied in place of the CNAME: Microsoft rotates its keys, so the copy stops matching; delete the TXT and add the CNAME {want}.',
        de: '{name} ist ein TXT-Schlüssel, der statt des CNAME kopiert wurde: Microsoft wechselt seine Schlüssel, die Kopie passt dann nicht mehr; löschen Sie den TXT und legen Sie den CNAME {want} an.' }, { name, want: `selector${i + 1}-${dashed}._domainkey.<tenant>.onmicrosoft.com` }));
    } else if (s.kind === 'other-target') {
      wrongs.push(localize(s.copied
        ? { en: '{name} points to {target}, which is Microsoft\'s record for another domain or selector; use selector{n}-{dashed} as shown for {domain}.',
          de: '{name} zeigt auf {target}, den Microsoft-Eintrag einer anderen Domain oder eines anderen Selektors; verwenden Sie selector{n}-{dashed}, wie für {domain} angezeigt.' }
        : { en: '{name} points to {target}, not to Microsoft 365\'s DKIM host; copy the value from Get-DkimSigningConfig -Identity {domain} | Format-List Selector{n}CNAME.',
          de: '{name} zeigt auf {target}, nicht auf den DKIM-Host von Microsoft 365; übernehmen Sie den Wert aus Get-DkimSigningConfig -Identity {domain} | Format-List Selector{n}CNAME.' },
      { name, target: s.target.replace(/\.$/, ''), n: i + 1, dashed, domain }));
    }
  });
  if (wrongs.length > 0) return done('wrong', join(wrongs));
  const failed = states.find((s): s is Extract<SelectorState, { kind: 'error' }> => s.kind === 'error');
  if (failed) {
    const e = errorResult('dkim', WHAT, failed.failed, expected);
    return { ...e, adviceLocalized: join([e.adviceLocalized!, ...extra]), advice: join([e.adviceLocalized!, ...extra]).en };
  }
  const [one, two] = states as [SelectorState, SelectorState];
  if (one.kind === 'absent' && two.kind === 'absent') {
    return done('missing', localize({ en: 'Add two CNAME records at your DNS provider: {a} → selector1-{dashed}._domainkey.<tenant>.onmicrosoft.com and {b} → selector2-{dashed}._domainkey.<tenant>.onmicrosoft.com (the exact values: Get-DkimSigningConfig -Identity {domain} | Format-List Selector1CNAME, Selector2CNAME; newer domains get …dkim.mail.microsoft).',
      de: 'Legen Sie bei Ihrem DNS-Anbieter zwei CNAME-Einträge an: {a} → selector1-{dashed}._domainkey.<tenant>.onmicrosoft.com und {b} → selector2-{dashed}._domainkey.<tenant>.onmicrosoft.com (die genauen Werte: Get-DkimSigningConfig -Identity {domain} | Format-List Selector1CNAME, Selector2CNAME; neuere Domänen erhalten …dkim.mail.microsoft).' },
    { a: names[0]!, b: names[1]!, dashed, domain }));
  }
  if (one.kind === 'absent' || two.kind === 'absent') {
    const absent = one.kind === 'absent' ? 1 : 2;
    return done('wrong', localize({ en: 'Only one of the two selectors is published: add {name} as a CNAME to selector{n}-{dashed}._domainkey.<tenant>… as well, or signing breaks at the next key rotation.',
      de: 'Nur einer der beiden Selektoren ist veröffentlicht: legen Sie auch {name} als CNAME auf selector{n}-{dashed}._domainkey.<tenant>… an, sonst bricht die Signatur beim nächsten Schlüsselwechsel.' },
    { name: names[absent - 1]!, n: absent, dashed }));
  }
  if (one.kind === 'microsoft' && two.kind === 'microsoft' && one.tenant !== two.tenant) {
    return done('wrong', localize({ en: 'The two selectors point to different tenants ({a}, {b}); both must come from Get-DkimSigningConfig of the tenant that sends for {domain}.',
      de: 'Die beiden Selektoren zeigen auf verschiedene Tenants ({a}, {b}); beide müssen aus Get-DkimSigningConfig des Tenants stammen, der für {domain} sendet.' },
    { a: one.tenant, b: two.tenant, domain }));
  }
  return done('ok', join([
    localize({ en: 'Both Microsoft 365 DKIM selectors point to Microsoft for {domain}.', de: 'Beide DKIM-Selektoren von Microsoft 365 zeigen für {domain} auf Microsoft.' }, { domain }),
    localize(ENABLE, { domain }),
  ]));
}
