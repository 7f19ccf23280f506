import assert from 'node:assert/strict';
import { MESSAGES, renderMessage } from '../../src/procedure/messages';
import { DNS_STEP_IDS, LINKS, STEPS, stepDefinition, type StepContext } from '../../src/procedure/steps';
import { STEP_IDS, type MessageKey, type Provider } from '../../src/procedure/types';

const PROVIDERS: Provider[] = ['strato', 'ionos', 'other'];
const ctx = (provider: Provider, extra: Partial<StepContext> = {}): StepContext => ({
  domain: 'kunde-beispiel.de', tenant: 'kundeb.onmicrosoft.com', provider, verificationValue: 'MS=ms24681357', ...extra,
});
const allText = (g: ReturnType<(typeof STEPS)[number]['guide']>): string =>
  [g.intro, g.help, g.powershell ?? '', ...g.sections.flatMap((s) => [s.heading, ...s.lines, s.link?.url ?? '']), ...g.values.flatMap((v) => [v.label, v.value])].join('\n');

describe('procedure/steps', () => {
  it('has the nine steps in order with the agreed ids, kinds and probes', () => {
    assert.deepEqual(STEPS.map((s) => s.id), [...STEP_IDS]);
    assert.deepEqual(STEPS.map((s) => s.number), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(STEPS.map((s) => s.kind), ['dns', 'dns', 'dns', 'manual', 'manual', 'manual', 'manual', 'dns', 'info']);
    assert.deepEqual(STEPS.filter((s) => s.optional).map((s) => s.id), ['outbound-connector']);
    assert.deepEqual(STEPS.filter((s) => s.probe).map((s) => s.probe), [...DNS_STEP_IDS]);
    assert.deepEqual(STEPS.filter((s) => s.checklist).map((s) => s.id), ['user-addresses', 'forwarding']);
  });

  for (const step of STEPS) {
    for (const provider of PROVIDERS) {
      it(`${step.id} (${provider}) has texts in German and English, using the migration's domain only`, () => {
        const de = allText(step.guide(ctx(provider), 'de'));
        const en = allText(step.guide(ctx(provider), 'en'));
        assert.notEqual(de, en);
        assert.ok(step.title.de && step.title.en && step.title.de !== step.title.en);
        for (const text of [de, en]) {
          assert.doesNotMatch(text, /meinefirmna|meinefirma\.de|firma\.de\b/, 'no example domain from the guide leaks in');
          assert.doesNotMatch(text, /\$\{|\{\w+\}|undefined|(?<!\$)null|NaN/);
        }
      });
    }
  }

  it('names the domain, the admin-center paths and deep links where they belong', () => {
    const de = (id: (typeof STEP_IDS)[number], extra: Partial<StepContext> = {}) => allText(stepDefinition(id).guide(ctx('other', extra), 'de'));
    const en = (id: (typeof STEP_IDS)[number], extra: Partial<StepContext> = {}) => allText(stepDefinition(id).guide(ctx('other', extra), 'en'));
    assert.match(en('verify-domain'), /Settings\*\* → \*\*Domains/);
    assert.match(en('verify-domain'), /MS=ms24681357/);
    assert.ok(en('verify-domain').includes(LINKS.m365Domains));
    assert.match(de('internal-relay'), /Nachrichtenfluss\*\* → \*\*Akzeptierte Domänen/);
    assert.ok(en('internal-relay').includes('https://admin.exchange.microsoft.com/#/accepteddomains'));
    assert.ok(en('outbound-connector').includes('https://admin.exchange.microsoft.com/#/connectors'));
    assert.ok(en('mfa').includes('https://aka.ms/mfasetup'));
    assert.ok(en('user-addresses').includes(LINKS.m365Users));
  });

  it('gives copyable PowerShell: internal relay and the partner connector with opportunistic TLS over MX', () => {
    const relay = stepDefinition('internal-relay').guide(ctx('other'), 'en').powershell!;
    assert.match(relay, /^Set-AcceptedDomain -Identity kunde-beispiel\.de -DomainType InternalRelay$/m);
    const connector = stepDefinition('outbound-connector').guide(ctx('other'), 'de').powershell!;
    const line = connector.split('\n').find((l) => l.startsWith('New-OutboundConnector'))!;
    for (const part of ['-ConnectorType Partner', '-RecipientDomains kunde-beispiel.de', '-UseMXRecord $true', '-RequireTls $false', '-TlsSettings $null']) {
      assert.ok(line.includes(part), part);
    }
  });

  it('autodiscover: CNAME to autodiscover.outlook.com, and the guide\'s fallback (subdomain + CNAME + redirect)', () => {
    const normal = stepDefinition('autodiscover').guide(ctx('ionos'), 'en');
    assert.deepEqual(normal.values.map((v) => v.value), ['CNAME', 'autodiscover', 'autodiscover.outlook.com', '3600']);
    for (const provider of PROVIDERS) {
      const fallback = stepDefinition('autodiscover').guide(ctx(provider, { fallback: true }), 'de');
      const text = allText(fallback);
      assert.match(text, /Subdomäne \*\*autodiscover\.kunde-beispiel\.de\*\*/);
      assert.match(text, /CNAME \*\*autodiscover\.outlook\.com\*\*/);
      assert.match(text, /https:\/\/kunde-beispiel\.de/);
    }
  });

  it('SPF shows the injected suggestion, or the guide\'s default before any check', () => {
    const injected = 'v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ~all';
    assert.equal(stepDefinition('spf').guide(ctx('strato', { spfExpected: injected }), 'en').values.at(-1)!.value, injected);
    assert.equal(stepDefinition('spf').guide(ctx('strato'), 'en').values.at(-1)!.value, 'v=spf1 a mx include:spf.protection.outlook.com ~all');
  });

  it('uses placeholders, not "undefined", before the inputs are given', () => {
    const text = allText(stepDefinition('forwarding').guide({ domain: 'kunde-beispiel.de', provider: 'other' }, 'en'));
    assert.match(text, /<tenant>\.onmicrosoft\.com/);
    assert.match(allText(stepDefinition('verify-domain').guide({ domain: 'kunde-beispiel.de', provider: 'other' }, 'de')), /MS=ms____/);
  });

  it('every message exists in both languages and renders its step titles', () => {
    for (const [key, text] of Object.entries(MESSAGES)) assert.ok(text.de && text.en && text.de !== text.en, key);
    const rendered = renderMessage({ key: 'step-confirmed' as MessageKey, params: { step: 'internal-relay', next: 'spf' } }, 'de');
    assert.equal(rendered, '„Domänentyp auf Interne Relaydomäne stellen“ erledigt ✓ — weiter mit: SPF-Eintrag ergänzen');
    assert.equal(renderMessage({ key: 'step-confirmed', params: { step: 'mfa', next: 'done' } }, 'en'), '"Set up two-factor sign-in" done ✓ — next: nothing, mixed operation is running');
  });
});
