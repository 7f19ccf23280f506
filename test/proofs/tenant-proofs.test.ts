import assert from 'node:assert/strict';
import { createCloudClient, retryAfterMs, type CloudClient } from '../../src/proofs/cloud-client';
import { createHttpJson } from '../../src/proofs/http-json';
import { judgeUser, proveAcceptedDomain, proveDomain, proveUser } from '../../src/proofs/tenant-proofs';
import { createTokenSource } from '../../src/proofs/token-source';
import { startMicrosoftCloudFake, type FakeTenant, type MicrosoftCloudFake } from '../support/microsoft-cloud-fake';

const CONTOSO = 'aaaaaaaa-0000-4000-8000-000000000001';
const FABRIKAM = 'bbbbbbbb-0000-4000-8000-000000000002';
const NEVER_CONSENTED = 'cccccccc-0000-4000-8000-000000000003';
const NO_GRAPH_PERMISSION = 'dddddddd-0000-4000-8000-000000000004';

const exchangePlan = { assignedDateTime: '2026-03-02T09:00:00Z', capabilityStatus: 'Enabled', service: 'exchange', servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c' };
const provisioned = { capabilityStatus: 'Enabled', provisioningStatus: 'Success', service: 'exchange' };

function tenants(): Record<string, FakeTenant> {
  return {
    [CONTOSO]: {
      consented: true,
      domains: {
        'meinefirma.de': { isVerified: true, txt: 'MS=ms48151623', mailExchange: 'meinefirma-de.mail.protection.outlook.com' },
        'neu.de': { isVerified: false, txt: 'MS=ms42424242', mailExchange: 'neu-de.r-v1.mx.microsoft' },
      },
      users: [
        { userPrincipalName: 'max@meinefirma.de', proxyAddresses: ['SMTP:Max@MeineFirma.de', 'smtp:max@meinefirma.onmicrosoft.com'], assignedPlans: [exchangePlan], provisionedPlans: [provisioned] },
        { userPrincipalName: 'erika@meinefirma.de', proxyAddresses: ['SMTP:erika@meinefirma.de'], assignedPlans: [exchangePlan], provisionedPlans: [provisioned] },
        { userPrincipalName: 'moritz@meinefirma.onmicrosoft.com', proxyAddresses: ['SMTP:moritz@meinefirma.onmicrosoft.com', 'smtp:moritz@meinefirma.de'], assignedPlans: [exchangePlan], provisionedPlans: [] },
      ],
      acceptedDomains: [{ DomainName: 'meinefirma.de', DomainType: 'InternalRelay', Default: true }, { DomainName: 'meinefirma.onmicrosoft.com', DomainType: 'Authoritative' }],
    },
    [FABRIKAM]: {
      consented: true,
      domains: { 'fabrikam.de': { isVerified: true, txt: 'MS=ms1', mailExchange: 'fabrikam-de.mail.protection.outlook.com' } },
      users: [],
      acceptedDomains: [{ DomainName: 'fabrikam.de', DomainType: 'Authoritative' }],
      exchangeWithoutDomainType: false,
    },
    [NEVER_CONSENTED]: { consented: false, domains: {}, users: [], acceptedDomains: [] },
    [NO_GRAPH_PERMISSION]: { consented: true, graphForbidden: true, exchangeForbidden: true, domains: {}, users: [], acceptedDomains: [] },
  };
}

describe('tenant proofs against a loopback Microsoft cloud (token endpoint, Graph, Exchange Online Admin API)', function () {
  this.timeout(30_000);
  let fake: MicrosoftCloudFake;
  let client: CloudClient;
  const waits: number[] = [];

  function makeClient(secret: string): CloudClient {
    const http = createHttpJson({ ca: fake.caPem, timeoutMs: 5000 });
    const tokens = createTokenSource({
      clientId: fake.clientId, credential: { kind: 'secret', secret }, authorityHost: fake.url, http,
      resources: { graph: 'https://graph.microsoft.com', exchange: 'https://outlook.office365.com' },
    });
    return createCloudClient({ tokens, http, graphBaseUrl: fake.url, exchangeBaseUrl: fake.url, sleep: async (ms) => { waits.push(ms); } });
  }

  before(async () => {
    fake = await startMicrosoftCloudFake(tenants());
    client = makeClient(fake.clientSecret);
  });
  after(async () => { await fake?.close(); });
  beforeEach(() => { waits.length = 0; });

  it('step 1: a verified domain, the TXT value to publish (from the second page of verificationDnsRecords) and the MX host', async () => {
    const proof = await proveDomain(client, CONTOSO, 'meinefirma.de');
    assert.deepEqual(proof, { ok: true, evidence: { verified: true, verificationTxt: 'MS=ms48151623', mailExchange: 'meinefirma-de.mail.protection.outlook.com', adminManaged: true } });
    assert.ok(fake.requests.some((r) => r.path.endsWith('verificationDnsRecords?$skiptoken=page2')), 'followed @odata.nextLink');
  });

  it('step 1: a domain added but not verified, with the newer mx.microsoft host; a domain never added is not-found', async () => {
    const proof = await proveDomain(client, CONTOSO, 'neu.de');
    assert.ok(proof.ok);
    assert.equal(proof.evidence.verified, false);
    assert.equal(proof.evidence.verificationTxt, 'MS=ms42424242');
    assert.equal(proof.evidence.mailExchange, 'neu-de.r-v1.mx.microsoft');
    const missing = await proveDomain(client, CONTOSO, 'nie-hinzugefuegt.de');
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.code, 'not-found');
    assert.equal(!missing.ok && missing.serviceCode, 'Request_ResourceNotFound');
  });

  it('step 4: the primary on the domain and the onmicrosoft alias; a missing alias; a primary on onmicrosoft (the 100-a-day limit)', async () => {
    const max = await proveUser(client, CONTOSO, 'max@meinefirma.de', 'meinefirma.de');
    assert.deepEqual(max, { ok: true, evidence: { userPrincipalName: 'max@meinefirma.de', primary: 'max@meinefirma.de', onmicrosoftAlias: 'max@meinefirma.onmicrosoft.com', licensed: true, mailboxProvisioned: true, findings: [] } });
    const erika = await proveUser(client, CONTOSO, 'erika@meinefirma.de', 'meinefirma.de');
    assert.ok(erika.ok);
    assert.deepEqual(erika.evidence.findings, ['alias-missing']);
    const moritz = await proveUser(client, CONTOSO, 'moritz@meinefirma.onmicrosoft.com', 'meinefirma.de');
    assert.ok(moritz.ok);
    assert.deepEqual(moritz.evidence.findings, ['primary-onmicrosoft', 'alias-missing', 'mailbox-not-provisioned']);
    assert.ok(fake.requests.some((r) => /\/v1\.0\/users\/.+\$select=.*proxyAddresses/.test(decodeURIComponent(r.path))), 'asks for proxyAddresses with $select');
  });

  it('step 6: DomainType InternalRelay vs Authoritative; a domain the tenant does not accept; an answer without DomainType', async () => {
    assert.deepEqual(await proveAcceptedDomain(client, CONTOSO, 'meinefirma.de'), { ok: true, evidence: { known: true, domainType: 'InternalRelay' } });
    assert.deepEqual(await proveAcceptedDomain(client, FABRIKAM, 'fabrikam.de'), { ok: true, evidence: { known: true, domainType: 'Authoritative' } });
    assert.deepEqual(await proveAcceptedDomain(client, CONTOSO, 'fremd.de'), { ok: true, evidence: { known: false, reason: 'not-accepted' } });
    fake.tenants[FABRIKAM]!.exchangeWithoutDomainType = true;
    try {
      assert.deepEqual(await proveAcceptedDomain(client, FABRIKAM, 'fabrikam.de'), { ok: true, evidence: { known: false, reason: 'unknown-type' } });
    } finally {
      fake.tenants[FABRIKAM]!.exchangeWithoutDomainType = false;
    }
  });

  it('consent missing: a tenant that never consented (AADSTS700016) and a tenant without the permission (403) are consent-missing', async () => {
    const never = await proveDomain(client, NEVER_CONSENTED, 'x.de');
    assert.equal(!never.ok && never.code, 'consent-missing');
    const denied = await proveDomain(client, NO_GRAPH_PERMISSION, 'x.de');
    assert.equal(!denied.ok && denied.code, 'consent-missing');
    assert.equal(!denied.ok && denied.status, 403);
    assert.equal(!denied.ok && denied.serviceCode, 'Authorization_RequestDenied');
    const exo = await proveAcceptedDomain(client, NO_GRAPH_PERMISSION, 'x.de');
    assert.equal(!exo.ok && exo.code, 'consent-missing');
  });

  it('a wrong secret is invalid-credentials, and the secret never appears in the result', async () => {
    const wrong = makeClient('not-the-secret');
    const proof = await proveDomain(wrong, CONTOSO, 'meinefirma.de');
    assert.equal(!proof.ok && proof.code, 'invalid-credentials');
    assert.doesNotMatch(JSON.stringify(proof), /not-the-secret|fake-secret-value/);
  });

  it('429: waits the Retry-After seconds and retries; gives up as throttled after the retries', async () => {
    fake.throttle(2, 3);
    const ok = await proveUser(client, CONTOSO, 'max@meinefirma.de', 'meinefirma.de');
    assert.ok(ok.ok);
    assert.deepEqual(waits, [3000, 3000]);
    waits.length = 0;
    fake.throttle(5, 1);
    const throttled = await proveUser(client, CONTOSO, 'max@meinefirma.de', 'meinefirma.de');
    assert.equal(!throttled.ok && throttled.code, 'throttled');
    assert.equal(!throttled.ok && throttled.status, 429);
    assert.deepEqual(waits, [1000, 1000]);
    fake.throttle(0, 1);
    assert.equal(retryAfterMs({ 'retry-after': '7' }, 1), 7000);
    assert.equal(retryAfterMs({}, 1234), 1234);
  });

  it('tokens are cached per tenant and resource, and one tenant\'s token is never sent for another', async () => {
    const before = fake.requests.filter((r) => r.path.includes('/oauth2/v2.0/token')).length;
    await proveDomain(client, CONTOSO, 'meinefirma.de');
    await proveAcceptedDomain(client, CONTOSO, 'meinefirma.de');
    const after = fake.requests.filter((r) => r.path.includes('/oauth2/v2.0/token')).length;
    assert.equal(after, before, 'both tokens of CONTOSO came from the cache');
    // The fake serves the data of the tenant the token was issued for: with CONTOSO's token FABRIKAM's domain
    // would be not-found, and Exchange answers 401 to a token of another tenant.
    assert.ok((await proveDomain(client, FABRIKAM, 'fabrikam.de')).ok);
    assert.ok((await proveAcceptedDomain(client, FABRIKAM, 'fabrikam.de')).ok);
    assert.equal((await proveDomain(client, FABRIKAM, 'meinefirma.de')).ok, false);
  });

  it('judgeUser compares the prefix case-sensitively and the address case-insensitively', () => {
    const user = { userPrincipalName: 'a@d.de', proxyAddresses: ['smtp:A@D.DE', 'SMTP:a@t.onmicrosoft.com'], assignedPlans: [exchangePlan], provisionedPlans: [provisioned] };
    // smtp:A@D.DE is a secondary on the domain, not the primary; no alias on onmicrosoft.com remains.
    assert.deepEqual(judgeUser(user, 'd.de').findings, ['primary-onmicrosoft', 'alias-missing']);
    assert.equal(judgeUser(user, 'd.de').primary, 'a@t.onmicrosoft.com');
  });
});
