import assert from 'node:assert/strict';
import type { ConnectorClient } from 'botframework-connector';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { startFakeConnector, type FakeConnector } from './fake-connector';

// The fake is checked with botbuilder's own client (CloudAdapter, anonymous), so a wire-format mismatch fails here.
function incoming(connector: FakeConnector, conversationId: string, text = 'hi'): Activity {
  return {
    type: ActivityTypes.Message, id: 'incoming-1', channelId: 'msteams', serviceUrl: connector.serviceUrl, text,
    from: { id: 'user-1', name: 'User' }, recipient: { id: 'bot-1', name: 'Bot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  } as Activity;
}

describe('fake Bot Framework connector (wire format)', function () {
  let connector: FakeConnector;
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));

  beforeEach(async () => { connector = await startFakeConnector(); });
  afterEach(async () => { await connector.close(); });

  it('answers reply, send, update and delete with ResourceResponse ids and records each call', async () => {
    const conversationId = 'a:1Xyz;messageid=1700000000000';
    let replyId: string | undefined;
    let sentId: string | undefined;
    let updatedId: string | undefined;
    await adapter.processActivityDirect('', incoming(connector, conversationId), async (context: TurnContext) => {
      replyId = (await context.sendActivity('first reply'))?.id;
      sentId = (await context.sendActivity({ type: 'message', text: 'not a reply', replyToId: undefined }))?.id;
      updatedId = (await context.updateActivity({ id: replyId, type: 'message', text: 'edited' }))?.id;
      await context.deleteActivity(sentId!);
    });
    assert.match(replyId ?? '', /^1:/);
    assert.notEqual(replyId, sentId);
    assert.equal(updatedId, replyId);
    const ops = connector.calls.map((c) => `${c.method} ${c.operation}`);
    assert.deepEqual(ops, ['POST replyToActivity', 'POST replyToActivity', 'PUT updateActivity', 'DELETE deleteActivity']);
    assert.equal(connector.calls[0]!.conversationId, conversationId, 'the path segment was not decoded');
    assert.equal(connector.calls[0]!.activityId, 'incoming-1');
    assert.equal(connector.calls[0]!.authorized, false, 'anonymous bot sent an Authorization header');
    assert.deepEqual(connector.activitiesIn(conversationId).map((a) => a.text), ['first reply', 'not a reply']);
    assert.equal(connector.calls[2]!.body?.text, 'edited');
    assert.equal(connector.counts.replyToActivity, 2);
  });

  it('creates a conversation and answers with a ConversationResourceResponse', async () => {
    let created: string | undefined;
    await adapter.createConversationAsync('', 'msteams', connector.serviceUrl, '', {
      isGroup: false, bot: { id: 'bot-1', name: 'Bot' }, members: [{ id: 'user-1', name: 'User' }],
      tenantId: 'tenant-1', activity: undefined as never, channelData: { tenant: { id: 'tenant-1' } },
    }, async (context) => {
      created = context.activity.conversation.id;
      await context.sendActivity('hello from a new conversation');
    });
    assert.match(created ?? '', /^a:fake-/);
    assert.equal(connector.calls[0]!.operation, 'createConversation');
    assert.equal(connector.calls[0]!.body?.tenantId, 'tenant-1');
    // botbuilder replies "to" the new conversation's id when the service returns no activityId.
    assert.deepEqual(connector.activitiesIn(created!).map((a) => a.text), ['hello from a new conversation']);
  });

  it('sends to the conversation (no reply id) for a proactive message', async () => {
    const reference = { channelId: 'msteams', serviceUrl: connector.serviceUrl, conversation: { id: 'a:proactive', isGroup: false, conversationType: 'personal', name: '' },
      bot: { id: 'bot-1', name: 'Bot' }, user: { id: 'user-1', name: 'User' } };
    // TurnContext.sendActivity always replies to the turn's activity; sendToConversation is the client call behind it.
    await adapter.continueConversationAsync('', reference, async (context) => {
      const client = context.turnState.get<ConnectorClient>(adapter.ConnectorClientKey);
      await client.conversations.sendToConversation('a:proactive', { type: 'message', text: 'step 7 is still open' } as Activity);
    });
    const send = await connector.waitFor((c) => c.operation === 'sendToConversation');
    assert.equal(send.conversationId, 'a:proactive');
    assert.equal(send.body?.text, 'step 7 is still open');
    assert.equal(send.path, '/v3/conversations/a%3Aproactive/activities');
  });

  it('answers 403 BotNotInConversationRoster for a conversation the bot was removed from', async () => {
    connector.removeBotFrom('a:gone');
    let failure: unknown;
    await adapter.processActivityDirect('', incoming(connector, 'a:gone'), async (context) => {
      try { await context.sendActivity('anyone there?'); } catch (error) { failure = error; }
    });
    assert.ok(failure, 'sending into a removed conversation did not fail');
    assert.equal((failure as { statusCode?: number }).statusCode, 403);
    assert.match(String((failure as Error).message), /BotNotInConversationRoster|roster/i);
    assert.equal(connector.calls[0]!.status, 403);
    assert.deepEqual(connector.activitiesIn('a:gone'), []);
    connector.addBotTo('a:gone');
    await adapter.processActivityDirect('', incoming(connector, 'a:gone'), async (context) => { await context.sendActivity('back'); });
    assert.deepEqual(connector.activitiesIn('a:gone').map((a) => a.text), ['back']);
  });

  it('answers 404 ActivityNotFoundInConversation for an unknown update when asked to, like Teams sometimes does', async () => {
    await connector.close();
    connector = await startFakeConnector({ rejectUnknownUpdates: true });
    let failure: unknown;
    await adapter.processActivityDirect('', incoming(connector, 'a:1'), async (context) => {
      try { await context.updateActivity({ id: 'never-sent', type: 'message', text: 'x' }); } catch (error) { failure = error; }
    });
    assert.equal((failure as { statusCode?: number }).statusCode, 404);
  });

  it('delays answers by the configured latency', async () => {
    connector.setLatency(120);
    const started = Date.now();
    await adapter.processActivityDirect('', incoming(connector, 'a:slow'), async (context) => { await context.sendActivity('x'); });
    assert.ok(Date.now() - started >= 110, `answered after ${Date.now() - started} ms`);
  });

  it('rejects a body that is not a JSON object with 400 and an unknown path with 404', async () => {
    const bad = await fetch(`${connector.serviceUrl}v3/conversations/a%3A1/activities`, { method: 'POST', body: '[1,2', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'BadArgument');
    const unknown = await fetch(`${connector.serviceUrl}v2/nothing`);
    assert.equal(unknown.status, 404);
  });
});
