/**
 * The scheduler's `deliver` through the real Bot Framework adapter (anonymous mode, as locally) against the fake
 * Bot Connector on loopback: proactive text, card update in place, the fallback to a new card when Teams no
 * longer knows the activity, 403 as "gone", and a refused connection as "certainly not delivered".
 */
import { strict as assert } from 'node:assert';
import { createAdapter } from '../../src/bot/adapter';
import { createAdapterDeliver, failureResult } from '../../src/bot/deliver';
import { parseConfig } from '../../src/config/config';
import { freePort } from '../support/bot-process';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';

const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'SPF ✓' }] };

function adapter() {
  const config = parseConfig({}, '/');
  if (!config.ok) throw new Error(config.errors.join('\n'));
  return createAdapter(config.config.bot);
}

describe('bot/deliver: proactive sending through the adapter', function () {
  this.timeout(20_000);
  let connector: FakeConnector;
  const reference = (conversationId: string, serviceUrl = connector.serviceUrl) => ({
    serviceUrl, channelId: 'msteams', conversation: { id: conversationId }, bot: { id: 'bot', name: 'coexist' }, user: { id: 'user-1' },
  });

  before(async () => { connector = await startFakeConnector({ rejectUnknownUpdates: true }); });
  after(async () => { await connector?.close(); });
  beforeEach(() => connector.reset());

  it('sends a proactive text and returns the activity id the connector gave', async () => {
    const deliver = createAdapterDeliver(adapter(), undefined);
    const result = await deliver(reference('a:conv;1'), { type: 'text', text: 'SPF is now visible ✓' });
    assert.equal(result.kind, 'sent');
    const sent = connector.activitiesIn('a:conv;1');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.text, 'SPF is now visible ✓');
    assert.equal(result.kind === 'sent' && result.activityId, connector.calls[0]!.responseId);
  });

  it('updates a card in place, and posts it anew when the activity is unknown (404 ActivityNotFoundInConversation)', async () => {
    const deliver = createAdapterDeliver(adapter(), undefined);
    const first = await deliver(reference('conv-2'), { type: 'card', card });
    assert.equal(first.kind, 'sent');
    const id = first.kind === 'sent' ? first.activityId! : '';
    const updated = await deliver(reference('conv-2'), { type: 'card', card, replaceActivityId: id });
    assert.deepEqual(updated, { kind: 'sent', activityId: id });
    const update = connector.calls.find((c) => c.operation === 'updateActivity')!;
    assert.equal(update.activityId, id);
    assert.equal(update.status, 200);
    const attachments = update.body?.attachments as Array<{ contentType: string; content: unknown }>;
    assert.equal(attachments[0]!.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(attachments[0]!.content, card);

    const fallback = await deliver(reference('conv-2'), { type: 'card', card, replaceActivityId: 'forgotten-id' });
    assert.equal(fallback.kind, 'sent');
    assert.equal(connector.calls.filter((c) => c.operation === 'updateActivity' && c.status === 404).length, 1);
    assert.equal(connector.activitiesIn('conv-2').length, 2, 'the first card and the fallback card');
  });

  it('reports 403 (the bot was removed) as gone, for texts and for card updates', async () => {
    const deliver = createAdapterDeliver(adapter(), undefined);
    connector.removeBotFrom('conv-3');
    const text = await deliver(reference('conv-3'), { type: 'text', text: 'hello' });
    assert.equal(text.kind, 'gone');
    assert.equal(text.kind === 'gone' && text.status, 403);
    const update = await deliver(reference('conv-3'), { type: 'card', card, replaceActivityId: 'x' });
    assert.equal(update.kind, 'gone');
    assert.equal(connector.activitiesIn('conv-3').length, 0);
  });

  it('reports a refused connection as certainly not delivered, and a bad reference without any request', async () => {
    const deliver = createAdapterDeliver(adapter(), undefined);
    const port = await freePort();
    const refused = await deliver(reference('conv-4', `http://127.0.0.1:${port}/`), { type: 'text', text: 'hello' });
    assert.equal(refused.kind, 'failed');
    assert.equal(refused.kind === 'failed' && refused.notDelivered, true, JSON.stringify(refused));
    const bad = await deliver({ conversation: {} }, { type: 'text', text: 'hello' });
    assert.deepEqual(bad.kind === 'failed' && bad.notDelivered, true);
  });

  it('stops only on 403 BotNotInConversationRoster: a 404 for the conversation or another 403 is "certainly not delivered", retried', async () => {
    const deliver = createAdapterDeliver(adapter(), undefined);
    connector.failIn('conv-5', { status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' });
    const notFound = await deliver(reference('conv-5'), { type: 'text', text: 'hello' });
    assert.equal(notFound.kind, 'failed', JSON.stringify(notFound));
    assert.equal(notFound.kind === 'failed' && notFound.notDelivered, true);
    assert.match(notFound.kind === 'failed' ? notFound.detail : '', /404 ConversationNotFound/);
    const update = await deliver(reference('conv-5'), { type: 'card', card, replaceActivityId: 'gone-with-the-old-chat' });
    assert.equal(update.kind, 'failed', 'the update 404s, the fallback send 404s too: retried, not given up');
    connector.failIn('conv-5', { status: 403, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' });
    const blocked = await deliver(reference('conv-5'), { type: 'text', text: 'hello' });
    assert.equal(blocked.kind === 'failed' && blocked.notDelivered, true, JSON.stringify(blocked));
    connector.failIn('conv-5', undefined);
    assert.equal((await deliver(reference('conv-5'), { type: 'text', text: 'hello' })).kind, 'sent');
  });

  it('classifies connector failures', () => {
    for (const [error, kind, notDelivered] of [
      [{ statusCode: 403, code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' }, 'gone', undefined],
      [{ statusCode: 403, message: 'The bot is not part of the conversation roster.' }, 'gone', undefined],
      [{ statusCode: 403, code: 'BotDisabledByAdmin', message: 'The tenant admin disabled this bot' }, 'failed', true],
      [{ statusCode: 404, code: 'ConversationNotFound', message: 'Conversation not found.' }, 'failed', true],
      [{ statusCode: 404, code: 'ActivityNotFoundInConversation', message: 'Conversation not found.' }, 'failed', true],
      [{ statusCode: 502, code: 'ServiceError', message: 'Bad gateway' }, 'failed', false],
    ] as const) {
      const result = failureResult(error);
      assert.equal(result.kind, kind, JSON.stringify(error));
      if (result.kind === 'failed') assert.equal(result.notDelivered, notDelivered, JSON.stringify(error));
    }
    const throttled = failureResult({ statusCode: 429, message: 'throttled' });
    assert.equal(throttled.kind === 'failed' && throttled.notDelivered, true);
    const uncertain = failureResult({ statusCode: 500, message: 'boom' });
    assert.equal(uncertain.kind === 'failed' && uncertain.notDelivered, false, 'a 500 may have arrived: never repeated');
  });
});
