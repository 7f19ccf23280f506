import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli';
import { commands } from '../../src/cli/registry';
import { startMicrosoftCloudFake, type MicrosoftCloudFake } from '../support/microsoft-cloud-fake';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const plan = { capabilityStatus: 'Enabled', service: 'exchange', servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c' };

describe('coexist prove (against the loopback Microsoft cloud)', function () {
  this.timeout(30_000);
  let fake: MicrosoftCloudFake;
  let dir: string;
  let env: Record<string, string>;

  before(async () => {
    fake = await startMicrosoftCloudFake({
      [TENANT]: {
        consented: true,
        domains: { 'meinefirma.de': { isVerified: false, txt: 'MS=ms48151623', mailExchange: 'meinefirma-de.mail.protection.outlook.com' } },
        users: [
          { userPrincipalName: 'max@meinefirma.de', proxyAddresses: ['SMTP:max@meinefirma.de', 'smtp:max@meinefirma.onmicrosoft.com'], assignedPlans: [plan], provisionedPlans: [{ service: 'exchange', provisioningStatus: 'Success' }] },
          { userPrincipalName: 'erika@meinefirma.de', proxyAddresses: ['SMTP:erika@meinefirma.de'], assignedPlans: [plan], provisionedPlans: [{ service: 'exchange', provisioningStatus: 'Success' }] },
        ],
        acceptedDomains: [{ DomainName: 'meinefirma.de', DomainType: 'Authoritative' }],
      },
    });
    dir = mkdtempSync(path.join(tmpdir(), 'coexist-prove-'));
    writeFileSync(path.join(dir, 'ca.pem'), fake.caPem);
    env = {
      COEXIST_TENANT_APP_ID: fake.clientId, COEXIST_TENANT_APP_SECRET: fake.clientSecret, COEXIST_AUTHORITY_HOST: fake.url,
      COEXIST_GRAPH_URL: fake.graphUrl, COEXIST_EXCHANGE_URL: fake.exchangeUrl, COEXIST_TENANT_CA_FILE: path.join(dir, 'ca.pem'),
    };
  });
  after(async () => { await fake?.close(); rmSync(dir, { recursive: true, force: true }); });

  async function run(argv: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, commands, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: { ...env, ...extra } });
    return { code, stdout, stderr };
  }

  it('reads steps 1, 4 and 6 and exits 1 when one is not done; the evidence and advice are in the JSON', async () => {
    const { code, stdout, stderr } = await run(['prove', 'meinefirma.de', '--tenant', TENANT, '--user', 'max@meinefirma.de', '--user', 'Erika@MeineFirma.de', '--json']);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const out = JSON.parse(stdout) as { proofs: Array<{ step: string; user?: string; status: string; evidence: Record<string, unknown>; advice: string }> };
    assert.deepEqual(out.proofs.map((p) => [p.step, p.user ?? '', p.status]), [
      ['verify-domain', '', 'wrong'], ['user-addresses', 'max@meinefirma.de', 'ok'], ['user-addresses', 'erika@meinefirma.de', 'wrong'], ['internal-relay', '', 'wrong'],
    ]);
    assert.equal(out.proofs[0]!.evidence.verificationTxt, 'MS=ms48151623');
    assert.match(out.proofs[0]!.advice, /publish the TXT record MS=ms48151623/);
    assert.match(out.proofs[2]!.advice, /no alias on onmicrosoft\.com/);
    assert.match(out.proofs[3]!.advice, /Set-AcceptedDomain -Identity meinefirma\.de -DomainType InternalRelay/);
    assert.doesNotMatch(stdout, new RegExp(fake.clientSecret));
  });

  it('exits 0 once the tenant shows every step done, and speaks German', async () => {
    fake.tenants[TENANT]!.domains['meinefirma.de']!.isVerified = true;
    fake.tenants[TENANT]!.acceptedDomains[0]!.DomainType = 'InternalRelay';
    const { code, stdout } = await run(['prove', 'meinefirma.de', '--tenant', TENANT, '--user', 'max@meinefirma.de', '--lang', 'de']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /ist eine „Interne Relaydomäne"/);
    assert.match(stdout, /Alias max@meinefirma\.onmicrosoft\.com \(das Weiterleitungsziel von Schritt 5\)/);
  });

  it('without tenant access configured, or without the CA the fake was signed by, says so', async () => {
    const none = await run(['prove', 'meinefirma.de', '--tenant', TENANT], { COEXIST_TENANT_APP_ID: '', COEXIST_TENANT_APP_SECRET: '' });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no tenant access configured/);
    const untrusted = await run(['prove', 'meinefirma.de', '--tenant', TENANT, '--json'], { COEXIST_TENANT_CA_FILE: '' });
    assert.equal(untrusted.code, 1);
    const proofs = (JSON.parse(untrusted.stdout) as { proofs: Array<{ status: string; evidence: { code?: string } }> }).proofs;
    assert.ok(proofs.every((p) => p.status === 'error' && p.evidence.code === 'network'), untrusted.stdout);
  });
});
