import assert from 'node:assert/strict';
import type { Activity, TurnContext } from 'botbuilder';
import { type AuthenticateRequestResult, type BotFrameworkAuthentication, ClaimsIdentity } from 'botframework-connector';
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

// CloudAdapter built a UserTokenClient (credentials, TokenApiClient, HTTP pipeline) on every turn; it is now one per
// app id. One app id's client must never serve a request whose claims name another app id.
describe('adapter: user token clients are reused per app id', () => {
  const activity = (n: number): Activity => ({
    type: 'message', id: `m${n}`, text: 'hi', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/',
    from: { id: 'u1', name: 'U' }, recipient: { id: 'b1', name: 'bot' }, conversation: { id: `c${n}`, isGroup: false, conversationType: 'personal', name: '' },
  } as Activity);

  it('turns of the same app id share one client; a request for another app id gets the credential factory\'s refusal, not that client', async () => {
    const adapter = createAdapter({ appId: 'app-a', password: 'secret-a-value', type: 'MultiTenant', tenantId: undefined, anonymous: false });
    const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication }).botFrameworkAuthentication;
    const claims = (appId: string) => new ClaimsIdentity([{ type: 'aud', value: appId }], true);
    const result = (appId: string): AuthenticateRequestResult => ({
      audience: 'https://api.botframework.com', claimsIdentity: claims(appId),
      // The connector side is app-a's in every case, so only the user token client decides the app-b turn.
      connectorFactory: auth.createConnectorFactory(claims('app-a')),
    });
    const clients: unknown[] = [];
    // processActivity (protected) takes an authentication result in place of a header, as the streaming path does.
    const processActivity = (adapter as unknown as { processActivity: (auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) => Promise<unknown> }).processActivity.bind(adapter);
    const turn = (appId: string, n: number) => processActivity(result(appId), activity(n), async (context: TurnContext) => {
      clients.push(context.turnState.get(adapter.UserTokenClientKey));
    });
    await turn('app-a', 1);
    await Promise.all([turn('app-a', 2), turn('app-a', 3)]);
    assert.equal(clients.length, 3);
    assert.ok(clients[0], 'the turn has a user token client');
    assert.equal(clients[1], clients[0]);
    assert.equal(clients[2], clients[0]);
    await assert.rejects(turn('app-b', 4), /Invalid appId/);
    assert.equal(clients.length, 3, 'the app-b turn did not run');
    await turn('app-a', 5);
    assert.equal(clients[3], clients[0], 'the refusal did not disturb app-a\'s client');
  });
});
