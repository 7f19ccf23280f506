/**
 * The scheduler inside the running bot (`node dist/index.js`), driven over HTTP like Teams drives it, replies going
 * to the fake Bot Connector: a migration started in a conversation, the admin removes the bot from that
 * conversation, the DNS record appears — the bot's re-check gets 403, records the removal and stops: nothing more
 * is sent there and the migration's jobs are gone. An activity from the conversation brings it back.
 */
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { migrationRecordType } from '../../src/procedure/migration';
import type { Migration } from '../../src/procedure/types';
import { createRepositories, openStore, type RecordType, type Store } from '../../src/store';
import { startBotProcess, type BotProcess } from '../support/bot-process';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { pollUntil } from '../support/poll';
import { MS_VALUE, PANEL, initialZone } from './migration-harness';

const DOMAIN = 'entfernt.test';
const TENANT = 'tenant-gone';
const CONVERSATION = 'a:conv-gone';

describe('bot scheduler: a conversation the bot was removed from gets nothing (403 → stop and record it)', function () {
  this.timeout(60_000);
  let dns: DnsTestServer;
  let connector: FakeConnector;
  let bot: BotProcess;
  let store: Store | undefined;

  before(async () => {
    dns = await startDnsServer({ zone: initialZone(DOMAIN) });
    connector = await startFakeConnector();
    bot = await startBotProcess({ env: { COEXIST_DNS_SERVERS: dns.address, COEXIST_RECHECK_FIRST_MS: '300', COEXIST_QUIET_HOURS: 'off' } });
  });
  after(async () => {
    await store?.close();
    await bot?.stop();
    await connector?.close();
    await dns?.close();
  });

  function activity(patch: Record<string, unknown>): Record<string, unknown> {
    return {
      channelId: 'msteams', serviceUrl: connector.serviceUrl, locale: 'en-US', id: `act-${Math.random().toString(36).slice(2)}`,
      from: { id: '29:admin', aadObjectId: 'aad-admin', name: 'Anna Admin' }, recipient: { id: '28:bot', name: 'coexist' },
      conversation: { id: CONVERSATION, tenantId: TENANT, conversationType: 'personal' }, ...patch,
    };
  }
  async function post(body: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const response = await fetch(bot.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
    return pollUntil(what, condition, { timeoutMs, intervalMs: 50, detail: () => `\n${bot.logs().slice(-3000)}` });
  }

  it('stops at the first 403, records it, cancels the jobs; a new activity brings the jobs back and the step is announced', async () => {
    assert.equal((await post(activity({ type: 'message', text: `/migrate ${DOMAIN}` }))).status, 200);
    const formCall = await connector.waitFor((c) => JSON.stringify(c.body ?? {}).includes('migration.inputs'), 10_000);
    const save = JSON.stringify(formCall.body).match(/"verb":"migration\.inputs","data":(\{[^}]*\})/);
    assert.ok(save, 'the inputs form has a save button');
    const clicked = await post(activity({
      type: 'invoke', name: 'adaptiveCard/action', replyToId: formCall.responseId,
      value: { action: { type: 'Action.Execute', verb: 'migration.inputs', data: { ...JSON.parse(save[1]!), verificationValue: MS_VALUE,
        tenantName: 'entfernt.onmicrosoft.com', provider: 'strato', users: `Max Muster; max.muster@${DOMAIN}` } }, trigger: 'manual' },
    }));
    assert.equal(clicked.status, 200);
    assert.match(JSON.stringify(clicked.body), /Step 1 of 9/);

    const dataFile = path.join(bot.dataDir, 'coexist.sqlite');
    store = await openStore({ kind: 'sqlite', file: dataFile });
    const repos = createRepositories<Migration>(store, migrationRecordType as RecordType<Migration>);
    assert.equal((await repos.migrations.get(TENANT, DOMAIN))?.value.steps['verify-domain'].status, 'waiting-for-dns');
    assert.ok((await store.jobs.counts(Date.now() + 3_600_000)).total >= 1, 're-check queued');

    // The admin removes the bot from the conversation, then publishes the record: the re-check confirms the step.
    connector.removeBotFrom(CONVERSATION);
    const callsBefore = connector.calls.length;
    PANEL.verification(dns, DOMAIN);
    await until('the removal to be recorded', async () => (await repos.conversations.get(TENANT, CONVERSATION))?.value.removed !== undefined);
    const removed = (await repos.conversations.get(TENANT, CONVERSATION))!.value.removed!;
    assert.equal(removed.status, 403);
    await until('the jobs to be cancelled', async () => (await store!.jobs.counts(Date.now() + 30 * 86_400_000)).total === 0);

    await new Promise((r) => setTimeout(r, 2000));
    const after = connector.calls.slice(callsBefore).filter((c) => c.conversationId === CONVERSATION);
    assert.equal(after.length, 1, `one attempt, answered 403, then silence: ${JSON.stringify(after.map((c) => [c.operation, c.status]))}`);
    assert.equal(after[0]!.status, 403);
    assert.equal((await repos.migrations.get(TENANT, DOMAIN))?.value.steps['verify-domain'].status, 'waiting-for-dns',
      'not saved without its message: the next /check or /migrate after the bot is back probes it again');

    // The bot is added again: any activity from the conversation clears the removal.
    connector.addBotTo(CONVERSATION);
    assert.equal((await post(activity({ type: 'message', text: '/remind on' }))).status, 200);
    await until('the removal to be cleared', async () => (await repos.conversations.get(TENANT, CONVERSATION))?.value.removed === undefined);

    // That turn queued the cancelled re-check again: the record is there now, so the step is announced without
    // anyone asking.
    const announced = await connector.waitFor((c) => c.conversationId === CONVERSATION && /is now visible ✓/.test(String(c.body?.text ?? '')), 15_000);
    assert.equal(announced.status, 200);
    await until('the step to be saved as confirmed', async () => (await repos.migrations.get(TENANT, DOMAIN))?.value.steps['verify-domain'].status === 'done');
  });
});
