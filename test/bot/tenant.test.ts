import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { registerTenant, type TenantDeps } from '../../src/bot/handlers/tenant';
import { createCloudClient } from '../../src/proofs/cloud-client';
import { createHttpJson } from '../../src/proofs/http-json';
import { createTokenSource } from '../../src/proofs/token-source';
import { createMigration, migrationRecordType, type Migration } from '../../src/procedure';
import { createMemoryStore, createRepositories, type Store } from '../../src/store';
import { startMicrosoftCloudFake, type MicrosoftCloudFake } from '../support/microsoft-cloud-fake';
import { cardTexts, testBot, turn } from './bot-harness';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const plan = { capabilityStatus: 'Enabled', service: 'exchange' };

describe('bot: /connect, /users, /disconnect (read-only tenant access against the loopback Microsoft cloud)', function () {
  this.timeout(30_000);
  let fake: MicrosoftCloudFake;
  let store: Store;
  let deps: TenantDeps;

  before(async () => {
    fake = await startMicrosoftCloudFake({
      [TENANT]: {
        consented: false,
        domains: { 'meinefirma.de': { isVerified: true, txt: 'MS=ms1', mailExchange: 'meinefirma-de.mail.protection.outlook.com' } },
        users: [{ userPrincipalName: 'max@meinefirma.de', proxyAddresses: ['SMTP:max@meinefirma.de', 'smtp:max@meinefirma.onmicrosoft.com'], assignedPlans: [plan], provisionedPlans: [{ service: 'exchange', provisioningStatus: 'Success' }] },
          { userPrincipalName: 'erika@meinefirma.de', proxyAddresses: ['SMTP:erika@meinefirma.onmicrosoft.com'], assignedPlans: [plan], provisionedPlans: [{ service: 'exchange', provisioningStatus: 'Success' }] }],
        acceptedDomains: [{ DomainName: 'meinefirma.de', DomainType: 'InternalRelay' }],
      },
    });
    store = createMemoryStore();
    const repos = createRepositories<Migration>(store, migrationRecordType);
    const m = createMigration(TENANT, 'meinefirma.de', 'admin-1', 1000);
    m.inputs = { ...m.inputs, users: [{ name: 'Max', address: 'max@meinefirma.de', alias: 'max@meinefirma.onmicrosoft.com' }, { name: 'Erika', address: 'erika@meinefirma.de', alias: 'erika@meinefirma.onmicrosoft.com' }] };
    await repos.migrations.put(TENANT, 'meinefirma.de', m, 'absent');
    const http = createHttpJson({ ca: fake.caPem, timeoutMs: 5000 });
    const tokens = createTokenSource({ clientId: fake.clientId, credential: { kind: 'secret', secret: fake.clientSecret }, authorityHost: fake.url, http, resources: { graph: fake.graphUrl, exchange: fake.exchangeUrl } });
    const access = { appId: fake.clientId, credential: { kind: 'secret' as const, secret: fake.clientSecret }, authorityHost: fake.url, graphUrl: fake.graphUrl, exchangeUrl: fake.exchangeUrl, caFile: undefined, consentRedirectUri: 'https://bot.example/api/consent' };
    deps = { repos, admins: [], clock: () => 5000, logger: pino({ level: 'silent' }), tenantAccess: { access, client: createCloudClient({ tokens, http, graphBaseUrl: fake.graphUrl, exchangeBaseUrl: fake.exchangeUrl }) } };
  });
  after(async () => { await fake?.close(); await store?.close(); });

  const from = { id: 'admin-1', aadObjectId: 'admin-1', name: 'Anna Admin' };
  const message = (text: string, locale = 'en-US'): Partial<Activity> => ({ type: 'message', text, from, locale, conversation: { id: 'c-1', tenantId: TENANT } as Activity['conversation'] });
  const click = (): Partial<Activity> => ({ type: 'invoke', name: 'adaptiveCard/action', from, locale: 'en-US', conversation: { id: 'c-1', tenantId: TENANT } as Activity['conversation'],
    value: { action: { type: 'Action.Execute', verb: 'tenant.check', data: { verb: 'tenant.check' } } } });
  const invokeCard = (replies: Partial<Activity>[]): Record<string, unknown> => ((replies.find((r) => r.type === 'invokeResponse')?.value as { body: { value: Record<string, unknown> } }).body.value);

  it('/connect shows the consent link for this tenant and the read-only permissions; the check fails until consent, then connects', async () => {
    const { bot } = testBot({ handlers: [registerTenant(deps)] });
    const replies = await turn(bot.handleTurn, message('/connect'));
    const card = (replies[0]!.attachments![0] as { content: { actions: Array<{ type: string; url?: string; verb?: string }> } }).content;
    const texts = cardTexts(card);
    for (const permission of ['Domain.Read.All (Microsoft Graph)', 'User.Read.All (Microsoft Graph)', 'Exchange.ManageAsAppV2 (Office 365 Exchange Online)']) assert.ok(texts.includes(permission), texts.join('\n'));
    const open = card.actions.find((a) => a.type === 'Action.OpenUrl')!;
    const url = new URL(open.url!);
    assert.equal(`${url.origin}${url.pathname}`, `${fake.url}/${TENANT}/v2.0/adminconsent`);
    assert.equal(url.searchParams.get('client_id'), fake.clientId);
    assert.equal(url.searchParams.get('redirect_uri'), 'https://bot.example/api/consent');
    assert.equal(card.actions.find((a) => a.type === 'Action.Execute')!.verb, 'tenant.check');

    const before = cardTexts(invokeCard(await turn(bot.handleTurn, click())));
    assert.ok(before.some((t) => t.startsWith('Not connected yet — Microsoft Graph: consent or role missing')), before.join('\n'));
    assert.equal(await deps.repos.tenantConnections.get(TENANT), undefined);
    fake.tenants[TENANT]!.consented = true;
    const after = cardTexts(invokeCard(await turn(bot.handleTurn, click())));
    assert.ok(after.includes('Connected ✓ — Microsoft Graph: readable ✓; Exchange Online: readable ✓.'), after.join('\n'));
    assert.deepEqual(await deps.repos.tenantConnections.get(TENANT), { checkedAt: 5000, by: 'admin-1', graph: true, exchange: true });
    assert.doesNotMatch(JSON.stringify(await store.records.list('')), new RegExp(`${fake.clientSecret}|fake-token`), 'no secret or token in the store');
  });

  it('/users: with the tenant connected, each listed user as Microsoft 365 shows them; after /disconnect, as the admin ticked it', async () => {
    const { bot } = testBot({ handlers: [registerTenant(deps)] });
    const connected = cardTexts((await turn(bot.handleTurn, message('/users')))[0]!.attachments![0]!.content as object);
    assert.ok(connected.includes('As Microsoft 365 shows it (Microsoft Graph)'), connected.join('\n'));
    assert.ok(connected.includes('✓ max@meinefirma.de · max@meinefirma.onmicrosoft.com'), connected.join('\n'));
    assert.ok(connected.some((t) => t.includes('sends from onmicrosoft.com') && t.includes('no onmicrosoft alias')), connected.join('\n'));
    const bye = await turn(bot.handleTurn, message('/disconnect', 'de-DE'));
    assert.match(String(bye[0]!.text), /^Getrennt: coexist hat die Verbindungsdaten dieses Mandanten gelöscht/);
    assert.equal(await deps.repos.tenantConnections.get(TENANT), undefined);
    const manual = cardTexts((await turn(bot.handleTurn, message('/users meinefirma.de', 'de-DE')))[0]!.attachments![0]!.content as object);
    assert.ok(manual.includes('Ohne verbundenen Mandanten: laut Ihrer Bestätigung'), manual.join('\n'));
    assert.ok(manual.includes('Adressen offen · Weiterleitung offen'), manual.join('\n'));
  });

  it('without tenant access configured, /connect says so and nothing else changes', async () => {
    const { bot } = testBot({ handlers: [registerTenant({ ...deps, tenantAccess: undefined })] });
    const replies = await turn(bot.handleTurn, message('/connect'));
    assert.match(String(replies[0]!.text), /not set up for this bot \(COEXIST_TENANT_APP_ID is missing\)/);
  });

  it('only a configured admin may connect or disconnect when COEXIST_ADMINS is set', async () => {
    const { bot } = testBot({ handlers: [registerTenant({ ...deps, admins: ['someone-else'] })] });
    for (const text of ['/connect', '/disconnect']) {
      const replies = await turn(bot.handleTurn, message(text));
      assert.match(String(replies[0]!.text), /Only an administrator listed in COEXIST_ADMINS/);
    }
  });
});
