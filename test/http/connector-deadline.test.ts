import assert from 'node:assert/strict';
import type { Activity, TurnContext } from 'botbuilder';
import { createAdapter } from '../../src/bot/adapter';
import { CONNECTOR_DEADLINE_POLICY, addConnectorDeadline, isConnectorUnreachable } from '../../src/http/connector-deadline';
import { failureResult } from '../../src/bot/deliver';
import { freePort } from '../support/bot-process';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';

// A Bot Connector that does not answer must not hold a turn: botbuilder retries a failed call three times with
// growing waits, and ConnectorFactoryImpl drops any requestPolicyFactories passed in client options.
describe('adapter: every Bot Connector call has a deadline', () => {
  let connector: FakeConnector | undefined;
  afterEach(async () => { await connector?.close(); connector = undefined; });

  const activity = (serviceUrl: string): Activity => ({
    type: 'message', id: 'm1', text: 'hi', channelId: 'msteams', serviceUrl,
    from: { id: 'u1', name: 'U' }, recipient: { id: 'b1', name: 'bot' },
    conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
  } as Activity);
  const anonymous = { appId: undefined, password: undefined, type: 'MultiTenant' as const, tenantId: undefined, anonymous: true };

  it('a reply to a connector that answers after 8 s fails after the total deadline, as unreachable', async () => {
    connector = await startFakeConnector({ record: true, latencyMs: 8000 });
    const adapter = createAdapter(anonymous, { attemptMs: 400, totalMs: 900 });
    const started = Date.now();
    let failure: unknown;
    await adapter.processActivityDirect('', activity(connector.serviceUrl), async (context: TurnContext) => {
      try { await context.sendActivity('hello'); } catch (error) { failure = error; }
    });
    const elapsed = Date.now() - started;
    assert.ok(failure, 'the send must fail instead of waiting for the slow connector');
    assert.ok(elapsed < 4000, `the turn took ${elapsed} ms; the deadline is 900 ms (the connector answers after 8 s)`);
    assert.equal(isConnectorUnreachable(failure), true, `a deadline counts as unreachable: ${String(failure)}`);
  });

  it('a refused connection still reads as refused when the deadline ends the retries (certainly not delivered)', async () => {
    const port = await freePort();
    // The SDK retries a refused connection after 1, 2 and 4 s: a 1.5 s deadline ends that during a wait.
    const adapter = createAdapter(anonymous, { attemptMs: 500, totalMs: 1500 });
    const started = Date.now();
    let failure: unknown;
    await adapter.processActivityDirect('', activity(`http://127.0.0.1:${port}/`), async (context: TurnContext) => {
      try { await context.sendActivity('hello'); } catch (error) { failure = error; }
    });
    assert.ok(Date.now() - started < 4000, 'the deadline ended the retries');
    assert.equal((failure as { code?: string }).code, 'ECONNREFUSED', `not an AbortError: ${String(failure)}`);
    assert.equal(failureResult(failure).kind === 'failed' && (failureResult(failure) as { notDelivered: boolean }).notDelivered, true);
  });

  it('a connector within the deadline gets the reply', async () => {
    connector = await startFakeConnector({ record: true, latencyMs: 50 });
    const adapter = createAdapter(anonymous, { attemptMs: 2000, totalMs: 3000 });
    await adapter.processActivityDirect('', activity(connector.serviceUrl), async (context: TurnContext) => {
      await context.sendActivity('hello');
    });
    assert.deepEqual(connector.calls.map((call) => call.body?.text).filter(Boolean), ['hello']);
  });

  it('the policy lands in the pipeline of a real connector client, and a client of another shape is left alone', async () => {
    connector = await startFakeConnector({ record: true });
    const adapter = createAdapter(anonymous);
    let names: string[] = [];
    await adapter.processActivityDirect('', activity(connector.serviceUrl), async (context: TurnContext) => {
      const client = context.turnState.get(adapter.ConnectorClientKey) as { client: { pipeline: { getOrderedPolicies(): Array<{ name: string }> } } };
      names = client.client.pipeline.getOrderedPolicies().map((p) => p.name);
    });
    assert.equal(names.filter((n) => n === CONNECTOR_DEADLINE_POLICY).length, 1, `policies: ${names.join(', ')}`);
    assert.equal(addConnectorDeadline({}), false);
    assert.equal(addConnectorDeadline(null), false);
  });
});
