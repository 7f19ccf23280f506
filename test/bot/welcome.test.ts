/**
 * The welcome card (issue 12): sent once when the bot arrives in a conversation (installationUpdate "add" and
 * conversationUpdate with the bot among the members added, which Teams sends both for one install), in the
 * activity's language, with the three things coexist does and a domain input whose button starts a migration.
 */
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { VERBS } from '../../src/cards/actions';
import type { AdaptiveCardJson } from '../../src/cards/render';
import { buildWelcomeCard } from '../../src/cards/welcome-card';
import { isBotArrival } from '../../src/bot/handlers/welcome';
import { cardProblems } from '../cards/validate-card';
import { ADMIN, buttons, cardsOf, click, joined, startRig, stored, type Rig } from './migration-harness';

const BOT = { id: '28:coexist-bot', name: 'coexist' };

function arrival(type: 'installationUpdate' | 'conversationUpdate', options: { conversationId?: string; locale?: string; members?: Array<{ id: string; name: string }> } = {}): Partial<Activity> {
  return {
    type, channelId: 'msteams', recipient: BOT, from: { id: `29:${ADMIN.id}`, aadObjectId: ADMIN.id, name: 'Anna Admin' },
    conversation: { id: options.conversationId ?? 'conv-1', tenantId: 'tenant-a', conversationType: 'personal' } as Activity['conversation'],
    ...(options.locale ? { locale: options.locale } : {}),
    ...(type === 'installationUpdate' ? { action: 'add' } : { membersAdded: options.members ?? [{ id: `29:${ADMIN.id}`, name: 'Anna Admin' }, BOT] }),
  };
}

async function deliver(rig: Rig, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const adapter = new TestAdapter(rig.bot.handleTurn);
  await adapter.send(activity).startTest();
  return adapter.activeQueue.splice(0);
}

describe('bot: welcome card on install', function () {
  this.timeout(30_000);

  it('the card is a valid Adaptive Card 1.5 in both languages: three things, a required domain input, a start button', () => {
    for (const locale of ['de', 'en'] as const) {
      const card = buildWelcomeCard(locale);
      assert.deepEqual(cardProblems(card as AdaptiveCardJson), [], locale);
      const body = card.body as Array<Record<string, unknown>>;
      const things = (body.find((b) => b.type === 'Container')!.items as unknown[]);
      assert.equal(things.length, 3);
      const input = body.find((b) => b.type === 'Input.Text')!;
      assert.equal(input.id, 'domain');
      assert.equal(input.isRequired, true);
      const actions = card.actions as Array<Record<string, unknown>>;
      assert.deepEqual(actions.map((a) => [a.type, a.verb, (a.data as { verb?: string }).verb]), [['Action.Execute', VERBS.start, VERBS.start]]);
    }
    assert.match(joined(buildWelcomeCard('de')), /Migration starten/);
    assert.doesNotMatch(joined(buildWelcomeCard('de')), /\b(du|dein|deine)\b/i, 'German says "Sie"');
    assert.match(joined(buildWelcomeCard('en')), /Start a migration/);
  });

  it('tells arrivals of the bot from other members joining', () => {
    assert.equal(isBotArrival(arrival('installationUpdate') as Activity), true);
    assert.equal(isBotArrival({ ...arrival('installationUpdate'), action: 'remove' } as Activity), false);
    assert.equal(isBotArrival(arrival('conversationUpdate') as Activity), true);
    assert.equal(isBotArrival(arrival('conversationUpdate', { members: [{ id: '29:someone', name: 'Someone' }] }) as Activity), false);
    assert.equal(isBotArrival({ type: 'message', text: 'hi', recipient: BOT } as Activity), false);
  });

  it('sends one welcome card for an install (both activities), in the language of the activity; none when a user joins', async () => {
    const rig = await startRig();
    try {
      const first = cardsOf(await deliver(rig, arrival('installationUpdate', { locale: 'de-DE' })));
      assert.equal(first.length, 1);
      assert.match(joined(first[0]), /Willkommen bei coexist[\s\S]*Migration starten/);
      assert.equal(cardsOf(await deliver(rig, arrival('conversationUpdate', { locale: 'de-DE' }))).length, 0, 'the same install announced twice: one card');
      const english = cardsOf(await deliver(rig, arrival('conversationUpdate', { conversationId: 'conv-2', locale: 'en-US' })));
      assert.equal(english.length, 1);
      assert.match(joined(english[0]), /Welcome to coexist[\s\S]*Start a migration/);
      assert.equal((await deliver(rig, arrival('conversationUpdate', { conversationId: 'conv-3', members: [{ id: '29:colleague', name: 'Colleague' }] }))).length, 0);
      const adapter = new TestAdapter(rig.bot.handleTurn);
      await adapter.send({ ...arrival('installationUpdate', { locale: 'de-DE' }), type: 'message', text: '/status' } as Partial<Activity>).startTest();
      assert.match(String(adapter.activeQueue[0]?.text), /Starten Sie eine mit \/migrate/, 'German /status without migrations says "Sie"');
    } finally {
      await rig.close();
    }
  });

  it('"Start a migration" with the typed domain starts it (the typed text read as /migrate reads it)', async () => {
    const rig = await startRig();
    try {
      const card = cardsOf(await deliver(rig, arrival('installationUpdate', { locale: 'en-US' })))[0]!;
      const start = buttons(card).find((b) => b.verb === VERBS.start)!;
      const answer = await click(rig, ADMIN, start.verb, { ...start.data, domain: '  MeineFirma.TEST ' });
      assert.match(joined(answer.card), /meinefirma\.test/);
      assert.ok(await stored(rig, 'tenant-a', 'meinefirma.test'), 'the migration exists');
      const bad = await click(rig, ADMIN, start.verb, { ...start.data, domain: 'not a domain' });
      assert.doesNotMatch(joined(bad.card), /Step 1 of 9/);
    } finally {
      await rig.close();
    }
  });
});
