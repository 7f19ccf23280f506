import assert from 'node:assert/strict';
import type { Activity, TurnContext } from 'botbuilder';
import { createAdapter } from '../../src/bot/adapter';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';

// The adapter reuses a connector client per serviceUrl (it was rebuilt per turn, ~10 % of a turn under load);
// replies must still go to each activity's own serviceUrl.
describe('adapter: connector clients are reused per serviceUrl', () => {
  const connectors: FakeConnector[] = [];
  afterEach(async () => { await Promise.all(connectors.splice(0).map((c) => c.close())); });

  const activity = (serviceUrl: string, n: number): Activity => ({
    type: 'message', id: `m${n}`, text: 'hi', channelId: 'msteams', serviceUrl,
    from: { id: 'u1', name: 'U' }, recipient: { id: 'b1', name: 'bot' }, conversation: { id: `c${n}`, isGroup: false, conversationType: 'personal', name: '' },
  } as Activity);

  it('one client for turns to the same serviceUrl, another for another serviceUrl; every reply reaches its own connector', async () => {
    const a = await startFakeConnector({ record: true });
    const b = await startFakeConnector({ record: true });
    connectors.push(a, b);
    const adapter = createAdapter({ appId: undefined, password: undefined, type: 'MultiTenant', tenantId: undefined, anonymous: true });
    const clients: unknown[] = [];
    const turn = async (serviceUrl: string, n: number) => {
      await adapter.processActivityDirect('', activity(serviceUrl, n), async (context: TurnContext) => {
        clients.push(context.turnState.get(adapter.ConnectorClientKey));
        await context.sendActivity(`reply ${n}`);
      });
    };
    await turn(a.serviceUrl, 1);
    await turn(a.serviceUrl, 2);
    await turn(b.serviceUrl, 3);
    await Promise.all([turn(a.serviceUrl, 4), turn(b.serviceUrl, 5)]);
    assert.ok(clients[0], 'the turn has a connector client');
    assert.equal(clients[1], clients[0], 'same serviceUrl: the same client');
    assert.notEqual(clients[2], clients[0], 'another serviceUrl: another client');
    assert.equal(clients[3], clients[0]);
    assert.equal(clients[4], clients[2]);
    const texts = (c: FakeConnector) => c.calls.map((call) => String(call.body?.text ?? '')).filter(Boolean).sort();
    assert.deepEqual(texts(a), ['reply 1', 'reply 2', 'reply 4']);
    assert.deepEqual(texts(b), ['reply 3', 'reply 5']);
  });
});
