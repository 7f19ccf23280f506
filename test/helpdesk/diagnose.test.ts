import { msg } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { withModelFallback } from '../../src/helpdesk/classifier';
import { diagnose, type ProbeRunner } from '../../src/helpdesk/diagnose';
import { findDomainInText } from '../../src/helpdesk/domain-in-text';
import { probeRunnerFor } from '../../src/helpdesk/probe-runner';
import type { ProbeResult } from '../../src/probes/types';

function recordingRunner(status: ProbeResult['status'] = 'ok'): { run: ProbeRunner; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: (id, domain) => {
      calls.push(`${id}@${domain}`);
      return Promise.resolve({ id, status, found: ['10 mx.provider.test'], expected: null, advice: msg('probe.mx.ok'), });
    },
  };
}

describe('helpdesk diagnose (injected checks)', () => {
  it('runs the diagnosis checks for the conversation domain and answers in the question language', async () => {
    const { run, calls } = recordingRunner('ok');
    const r = await diagnose('Warum kommen Mails an Kollegen zurück? Schreibe an anna@anderefirma.de', { domain: 'MeineFirma.de.', runProbe: run });
    assert.equal(r.intent, 'bounce-internal-relay');
    assert.equal(r.language, 'de');
    assert.equal(r.domain, 'meinefirma.de');
    assert.equal(r.domainSource, 'context');
    assert.deepEqual(calls, ['mx@meinefirma.de']);
    assert.deepEqual(r.checks.map((c) => [c.id, c.status, c.advice.de]), [['mx', 'ok', 'E-Mail kommt weiterhin zuerst beim bisherigen Anbieter an, wie es der Mischbetrieb braucht.']]);
    assert.match(r.answer, /Set-AcceptedDomain -Identity meinefirma\.de -DomainType InternalRelay/);
    assert.match(r.answer, /Interne Relaydomäne/);
  });

  it('takes the domain named in the text when the conversation has none', async () => {
    const { run, calls } = recordingRunner('missing');
    const r = await diagnose('Outlook cannot set up the account for max@firma-beispiel.de, autodiscover?', { runProbe: run });
    assert.equal(r.intent, 'autodiscover');
    assert.equal(r.domainSource, 'text');
    assert.deepEqual(calls, ['autodiscover@firma-beispiel.de']);
    assert.equal(r.checks[0]!.status, 'missing');
    assert.equal(r.language, 'en');
  });

  it('does not run checks without a domain, and says why instead of claiming "missing"', async () => {
    const { run, calls } = recordingRunner('missing');
    const r = await diagnose('SPF Fehler, Kunden bekommen unsere Mails im Spam', { runProbe: run });
    assert.equal(r.intent, 'spf-fail');
    assert.deepEqual(calls, []);
    assert.deepEqual(r.checks.map((c) => c.status), ['not-run']);
    assert.match(r.answer, /nicht geprüft/);
  });

  it('turns a probe that throws or hangs into "could not check", never "missing"', async () => {
    const r1 = await diagnose('550 5.7.68', { domain: 'meinefirma.de', runProbe: () => Promise.reject(new Error('boom')) });
    assert.deepEqual(r1.checks.map((c) => c.status), ['error', 'error']);
    assert.match(r1.checks[0]!.advice.en, /boom/);
    const started = Date.now();
    const r2 = await diagnose('550 5.7.23', { domain: 'meinefirma.de', checkTimeoutMs: 150, runProbe: () => new Promise(() => undefined) });
    assert.deepEqual(r2.checks.map((c) => c.status), ['error']);
    assert.match(r2.answer, /could not check/);
    assert.ok(Date.now() - started < 2000);
  });

  it('answers unknown without checks and lists what it can help with', async () => {
    const { run, calls } = recordingRunner();
    const r = await diagnose('How do I reset my password?', { domain: 'meinefirma.de', runProbe: run });
    assert.equal(r.intent, 'unknown');
    assert.equal(r.entry, null);
    assert.deepEqual(calls, []);
    assert.deepEqual(r.checks, []);
    assert.match(r.answer, /I have no diagnosis/);
    assert.match(r.answer, /Mail loop between the provider and Microsoft 365/);
  });

  it('uses the Teams locale only when the text does not tell the language', async () => {
    assert.equal((await diagnose('550 5.1.10', { locale: 'de' })).language, 'de');
    assert.equal((await diagnose('550 5.1.10', { locale: 'en' })).language, 'en');
    assert.equal((await diagnose('Why do mails to colleagues bounce?', { locale: 'de' })).language, 'en');
  });
});

describe('helpdesk domain in text', () => {
  const cases: Array<[string, string | null]> = [
    ['Mail an anna@meinefirma.de kommt zurück', 'meinefirma.de'],
    ['verify firma-beispiel.com please', 'firma-beispiel.com'],
    ["Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound' Generating server: AM0PR01MB1234.eurprd01.prod.exchangelabs.com", null],
    ['forward to max@firma.onmicrosoft.com from strato.de, gmail.com rejects', null],
    ['ip4:81.169.145.133 and 5.7.23', null],
    ['Sub.Domain.Example.DE.', 'sub.domain.example.de'],
    ['z.B. bei web.de', null],
  ];
  for (const [text, domain] of cases) it(`${JSON.stringify(text.slice(0, 50))} → ${domain}`, () => assert.equal(findDomainInText(text), domain));
});

describe('helpdesk model seam', () => {
  it('keeps an NDR code over a model, maps unknown model answers to unknown, and falls back on failure', async () => {
    let calls = 0;
    const model = withModelFallback(async () => { calls++; return { intent: 'spf-fail', confidence: 0.7 }; });
    const ndr = await model.classify('550 5.4.14 Hop count exceeded', {});
    assert.equal(ndr.intent, 'mail-loop');
    assert.equal(calls, 0, 'the model is not even asked when an NDR code decides');
    assert.equal((await model.classify('something about our mail', {})).intent, 'spf-fail');
    const invented = withModelFallback(async () => ({ intent: 'reboot-the-server', confidence: 0.99 }));
    assert.equal((await invented.classify('something', {})).intent, 'unknown');
    // A question the matcher already places is never sent to the model.
    const before = calls;
    assert.equal((await model.classify('Why do mails to colleagues bounce?', {})).intent, 'bounce-internal-relay');
    assert.equal(calls, before);
    assert.equal((await model.classify('something about our mail', {})).viaModel, true);
    const broken = withModelFallback(async () => { throw new Error('no Azure OpenAI here'); });
    assert.equal((await broken.classify('Why do mails to colleagues bounce?', {})).intent, 'bounce-internal-relay');
    const slow = withModelFallback(() => new Promise(() => undefined), 50);
    assert.equal((await slow.classify('Mailschleife', {})).intent, 'mail-loop');
    const r = await diagnose('something about our mail', { classifier: model });
    assert.equal(r.intent, 'spf-fail');
  });
});

describe('helpdesk diagnose with live checks (real resolver, loopback DNS server)', () => {
  const zone: ZoneData = {
    'meinefirma.de': { SOA: { mname: 'ns1.meinefirma.de', rname: 'hostmaster.meinefirma.de', serial: 1, minimum: 300 },
      NS: ['ns1.meinefirma.de'], MX: [{ preference: 10, exchange: 'mx00.provider.test' }],
      TXT: ['MS=ms48151623', 'v=spf1 mx a include:provider.test ~all'] },
    'provider.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
    'cutover.de': { MX: [{ preference: 0, exchange: 'cutover-de.mail.protection.outlook.com' }] },
    'slow.de': { MX: [{ preference: 10, exchange: 'mx.provider.test' }] },
    'mx00.provider.test': { A: ['192.0.2.25'] },
    'mx.provider.test': { A: ['192.0.2.26'] },
  };
  let server: DnsTestServer;
  let resolver: DnsClient;
  before(async () => {
    server = await startDnsServer({ zone });
    server.setBehaviour('slow.de', '*', 'timeout');
    resolver = createResolver({ servers: [server.address], timeoutMs: 200, retries: 0 });
  });
  after(async () => { resolver.close(); await server.close(); });

  it('sees the SPF record without Microsoft as wrong, and the provider MX as ok', async () => {
    const r = await diagnose('Remote Server returned 550 5.7.68 TenantInboundAttribution; Direct Send not allowed',
      { domain: 'meinefirma.de', runProbe: probeRunnerFor(resolver, { budgetMs: 1000 }) });
    assert.equal(r.intent, 'direct-send-blocked');
    const byId = Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
    assert.deepEqual(byId, { mx: 'ok', spf: 'wrong' });
    assert.ok(server.count('meinefirma.de', 'MX') >= 1, 'the MX was really asked');
  });

  it('finds an MX that already points to Exchange Online (relay denied)', async () => {
    const r = await diagnose('550 5.4.1 Relay Access Denied', { domain: 'cutover.de', resolver, probeRunnerFor: (res) => probeRunnerFor(res) });
    assert.equal(r.intent, 'relay-denied');
    assert.equal(r.checks.find((c) => c.id === 'mx')!.status, 'wrong');
    assert.equal(r.checks.find((c) => c.id === 'verify-domain')!.status, 'missing');
  });

  it('reports a DNS timeout as "could not check", never as missing', async () => {
    const r = await diagnose('Mails an Kollegen kommen zurück, 550 5.1.10', { domain: 'slow.de', runProbe: probeRunnerFor(resolver, { budgetMs: 600 }) });
    assert.equal(r.intent, 'bounce-internal-relay');
    assert.deepEqual(r.checks.map((c) => c.status), ['error']);
    assert.match(r.answer, /konnte nicht prüfen/);
  });
});
