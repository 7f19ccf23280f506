import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import * as AC from 'adaptivecards';
import { buildHelpCard } from '../../src/bot/handlers/help';
import { parseCommand } from '../../src/bot/commands';
import { cardTexts, testBot, turn } from './bot-harness';

const COMMANDS = ['/status', '/check', '/reset', '/remind on|off', '/help'];

function onlyCard(replies: Partial<Activity>[]): { contentType: string; content: Record<string, unknown> } {
  assert.equal(replies.length, 1, `expected one reply, got ${JSON.stringify(replies)}`);
  const attachments = replies[0]!.attachments ?? [];
  assert.equal(attachments.length, 1);
  return attachments[0] as { contentType: string; content: Record<string, unknown> };
}

describe('bot: /help and the fallback', () => {
  it('answers /help with an English Adaptive Card 1.5 listing every command', async () => {
    const { bot } = testBot();
    const card = onlyCard(await turn(bot.handleTurn, { type: 'message', text: '/help', locale: 'en-US' }));
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(card.content.version, '1.5');
    const texts = cardTexts(card.content);
    for (const command of [...COMMANDS, '/migrate example.com']) assert.ok(texts.includes(command), `${command} missing`);
    assert.ok(texts.some((t) => t.includes('Check every DNS step again now')));
    assert.ok(texts.some((t) => /go to the helpdesk/.test(t)));
    assert.ok(!texts.some((t) => t.includes('did not understand')));
  });

  it('answers in German for any de-* locale', async () => {
    for (const locale of ['de-DE', 'de-AT', 'de-ch']) {
      const { bot } = testBot();
      const texts = cardTexts(onlyCard(await turn(bot.handleTurn, { type: 'message', text: 'help', locale })).content);
      assert.ok(texts.includes('Befehle'), locale);
      assert.ok(texts.some((t) => t.includes('Alle DNS-Schritte jetzt neu prüfen')), locale);
      assert.ok(texts.some((t) => /beantwortet der Helpdesk/.test(t)), locale);
      for (const command of [...COMMANDS, '/migrate meinefirma.de']) assert.ok(texts.includes(command), `${locale}: ${command} missing`);
    }
  });

  it('takes the locale from the Teams clientInfo entity when activity.locale is missing', async () => {
    const { bot } = testBot();
    const texts = cardTexts(onlyCard(await turn(bot.handleTurn, {
      type: 'message', text: '/HELP', entities: [{ type: 'clientInfo', locale: 'de-DE' }],
    })).content);
    assert.ok(texts.includes('Befehle'));
  });

  it('answers text it does not understand with help plus "did not understand", in the user\'s language', async () => {
    const { bot } = testBot();
    const en = cardTexts(onlyCard(await turn(bot.handleTurn, { type: 'message', text: 'hello there', locale: 'en-GB' })).content);
    assert.ok(en.some((t) => t.startsWith('I did not understand')));
    assert.ok(en.includes('/migrate example.com'));
    const de = cardTexts(onlyCard(await turn(bot.handleTurn, { type: 'message', text: 'Hallo', locale: 'de-DE' })).content);
    assert.ok(de.some((t) => t.startsWith('Das habe ich nicht verstanden')));
  });

  it('does not treat "help with SPF" as /help (anchored command), so the fallback answers', async () => {
    const { bot } = testBot();
    const texts = cardTexts(onlyCard(await turn(bot.handleTurn, { type: 'message', text: 'help with SPF please', locale: 'en-US' })).content);
    assert.ok(texts.some((t) => t.startsWith('I did not understand')));
  });

  it('lets later handlers take commands before the fallback, and lets the fallback be replaced', async () => {
    const { bot } = testBot({
      handlers: [(app) => app.message(async (c) => /^\/status$/.test(c.activity.text ?? ''), async (c) => { await c.sendActivity('status!'); })],
      fallback: async (c) => { await c.sendActivity('helpdesk!'); },
    });
    assert.equal((await turn(bot.handleTurn, { type: 'message', text: '/status' }))[0]!.text, 'status!');
    assert.equal((await turn(bot.handleTurn, { type: 'message', text: 'why bounce?' }))[0]!.text, 'helpdesk!');
    assert.ok(onlyCard(await turn(bot.handleTurn, { type: 'message', text: '/help' })));
  });

  it('stores the conversation reference on every incoming activity, and survives a failing store', async () => {
    const { bot, references } = testBot();
    await turn(bot.handleTurn, { type: 'message', text: '/help', conversation: { id: 'conv-1' } as Activity['conversation'] });
    const reference = references.get('conv-1') as { conversation?: { id: string }; serviceUrl?: string } | undefined;
    assert.equal(reference?.conversation?.id, 'conv-1');
    assert.ok(reference?.serviceUrl);

    const failing = testBot({ saveReference: async () => { throw new Error('disk full'); } });
    assert.equal((await turn(failing.bot.handleTurn, { type: 'message', text: '/help' })).length, 1);
  });

  it('renders a card the adaptivecards parser accepts without errors, in both languages', () => {
    for (const locale of ['de', 'en'] as const) {
      for (const notUnderstood of [false, true]) {
        const json = buildHelpCard(locale, { notUnderstood });
        const card = new AC.AdaptiveCard();
        const context = new AC.SerializationContext();
        card.parse(json, context);
        const errors = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i)).filter((e) => e.phase !== undefined && e.event !== undefined);
        assert.deepEqual(errors.map((e) => e.message), [], `${locale}/${notUnderstood}`);
        assert.equal(JSON.stringify(json).includes('${'), false);
        // Teams renders TextBlock/FactSet text as markdown and drops <…> as HTML.
        assert.deepEqual(cardTexts(json).filter((t) => /<[a-z]/i.test(t)), []);
      }
    }
  });
});

describe('bot: parseCommand', () => {
  const cases: Array<[string, { name: string; args: string } | null]> = [
    ['/help', { name: 'help', args: '' }],
    ['  HELP  ', { name: 'help', args: '' }],
    ['/migrate  meinefirma.de ', { name: 'migrate', args: 'meinefirma.de' }],
    ['/remind off', { name: 'remind', args: 'off' }],
    ['Warum kommen Mails zurück?', { name: 'warum', args: 'kommen Mails zurück?' }],
    ['550 5.1.10 RESOLVER', null],
    ['', null],
  ];
  for (const [text, expected] of cases) {
    it(`parses ${JSON.stringify(text)}`, () => assert.deepEqual(parseCommand(text), expected));
  }
});
