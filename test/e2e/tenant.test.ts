import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlaygroundPage } from '../support/browser';
import { saveScreenshot, useE2eStack } from '../support/e2e-stack';
import { startMicrosoftCloudFake, type MicrosoftCloudFake } from '../support/microsoft-cloud-fake';

// The tenant id the Agents Playground sends by default (its .m365agentsplayground.yml template).
const TENANT = '00000000-0000-0000-0000-0000000000001';

describe('@e2e /connect in the Microsoft 365 Agents Playground (bot process against the loopback Microsoft cloud)', function () {
  this.timeout(120000);
  let fake: MicrosoftCloudFake | undefined;
  let dir: string | undefined;
  let chat: PlaygroundPage;
  const env: Record<string, string> = {};
  before(async () => {
    fake = await startMicrosoftCloudFake({
      [TENANT]: { consented: false, domains: { 'meinefirma.de': { isVerified: true, txt: 'MS=ms1', mailExchange: 'meinefirma-de.mail.protection.outlook.com' } }, users: [], acceptedDomains: [{ DomainName: 'meinefirma.de', DomainType: 'InternalRelay' }] },
    });
    dir = mkdtempSync(path.join(tmpdir(), 'coexist-e2e-tenant-'));
    writeFileSync(path.join(dir, 'ca.pem'), fake.caPem);
    Object.assign(env, {
      COEXIST_TENANT_APP_ID: fake.clientId, COEXIST_TENANT_APP_SECRET: fake.clientSecret, COEXIST_AUTHORITY_HOST: fake.url,
      COEXIST_GRAPH_URL: fake.graphUrl, COEXIST_EXCHANGE_URL: fake.exchangeUrl, COEXIST_TENANT_CA_FILE: path.join(dir, 'ca.pem'),
    });
  });
  const e2e = useE2eStack({ env });
  before(() => { ({ chat } = e2e.stack as unknown as { chat: PlaygroundPage }); });
  after(async () => { await fake?.close(); if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('/connect shows the consent link and the permissions; "Check the connection" says what is missing, then connected', async () => {
    await chat.send('/connect');
    const card = await chat.waitForCard('Connect Microsoft 365 (read-only)');
    const text = await card.innerText();
    assert.match(text, /Domain\.Read\.All \(Microsoft Graph\)/);
    assert.match(text, /Exchange\.ManageAsAppV2 \(Office 365 Exchange Online\)/);
    await card.getByRole('button', { name: 'Check the connection' }).click();
    const refused = await chat.waitForCard(/Not connected yet — Microsoft Graph: consent or role missing/);
    assert.ok(refused);
    fake!.tenants[TENANT]!.consented = true;
    const again = await chat.waitForCard(/Not connected yet/);
    await again.getByRole('button', { name: 'Check the connection' }).click();
    const connected = await chat.waitForCard(/Connected ✓ — Microsoft Graph: readable ✓; Exchange Online: readable ✓/);
    await saveScreenshot(chat, 'tenant-connect', connected);
    assert.ok(fake!.requests.some((r) => r.path.includes(`/${TENANT}/oauth2/v2.0/token`)), 'the bot process asked the token endpoint for this tenant');
  });
});
