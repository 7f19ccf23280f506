import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { createHelpdeskFallback, registerHelpdeskClarify, helpdeskOptionsFrom, messagePlainText, listMigrationsFrom, pickMigration, type HelpdeskMigration, type HelpdeskOptions } from '../../src/bot/handlers/helpdesk';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { createMigration, migrationRecordType, type Migration } from '../../src/procedure';
import { createMemoryStore, createRepositories, type Store } from '../../src/store';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { cardTexts, testBot, turn } from './bot-harness';

interface Card { contentType: string; content: { version?: string; actions?: Array<{ type: string; verb?: string; title?: string; data?: Record<string, unknown> }> } }

function onlyCard(replies: Partial<Activity>[]): Card {
  assert.equal(replies.length, 1, `expected one reply, got ${JSON.stringify(replies)}`);
  const attachments = replies[0]!.attachments ?? [];
  assert.equal(attachments.length, 1);
  const card = attachments[0] as Card;
  assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
  return card;
}

function message(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return { type: 'message', text, ...extra };
}

const conversation = (id: string, tenantId = 'tenant-a') => ({ id, tenantId }) as Activity['conversation'];

const ZONE: ZoneData = {
  'meinefirma.de': { SOA: { mname: 'ns1.meinefirma.de', rname: 'hostmaster.meinefirma.de', serial: 1, minimum: 300 },
    NS: ['ns1.meinefirma.de'], MX: [{ preference: 10, exchange: 'mx00.provider.test' }],
    TXT: ['MS=ms48151623', 'v=spf1 mx a include:provider.test ~all'] },
  'provider.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  'example.com': { MX: [{ preference: 0, exchange: 'example-com.mail.protection.outlook.com' }],
    TXT: ['v=spf1 include:spf.protection.outlook.com -all'] },
  'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 -all'] },
  'other.de': { MX: [{ preference: 10, exchange: 'mx.provider.test' }], TXT: ['MS=ms11111111'] },
  'slow.de': { MX: [{ preference: 10, exchange: 'mx.provider.test' }] },
  'mx00.provider.test': { A: ['192.0.2.25'] },
  'mx.provider.test': { A: ['192.0.2.26'] },
};

describe('bot: helpdesk fallback (turns through TestAdapter, live checks against a loopback DNS server)', () => {
  let server: DnsTestServer;
  let resolver: DnsClient;
  before(async () => {
    server = await startDnsServer({ zone: ZONE });
    server.setBehaviour('slow.de', '*', 'timeout');
    resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
  });
  after(async () => { resolver.close(); await server.close(); });

  function helpdeskBot(options: HelpdeskOptions = {}) {
    return testBot({ fallback: createHelpdeskFallback({ resolver, checkTimeoutMs: 1500, ...options }) }).bot;
  }

  it('answers a German question with the German diagnosis card and German live checks of the named domain', async () => {
    const card = onlyCard(await turn(helpdeskBot().handleTurn,
      message('Warum kommen Mails an Kollegen bei meinefirma.de zurück?', { locale: 'en-US' })));
    assert.equal(card.content.version, '1.5');
    const texts = cardTexts(card.content);
    // The words decide the language, not the client's en-US.
    assert.ok(texts.includes('Mails an Kollegen beim alten Provider kommen zurück'), texts.join('\n'));
    assert.ok(texts.includes('Live-Prüfung für meinefirma.de'), texts.join('\n'));
    assert.ok(texts.some((t) => t.startsWith('Ihre Frage: Warum kommen Mails')));
    assert.ok(texts.includes('So beheben Sie es'));
    assert.ok(!texts.includes('How to fix it'));
    const action = card.content.actions?.[0];
    assert.equal(action?.type, 'Action.Execute');
    assert.equal(action?.verb, 'procedure.goto');
    assert.deepEqual(action?.data, { verb: 'procedure.goto', stepId: 'internal-relay', domain: 'meinefirma.de' });
    assert.ok(server.count('meinefirma.de') >= 1, 'the live check really asked the DNS server');
  });

  it('answers an English question in English, with the checks\' verdicts from DNS', async () => {
    const card = onlyCard(await turn(helpdeskBot().handleTurn,
      message('Mail we send from Microsoft 365 for meinefirma.de lands in the receivers\' spam, SPF fail', { locale: 'de-DE' })));
    const texts = cardTexts(card.content);
    assert.ok(texts.includes('Live check for meinefirma.de'), texts.join('\n'));
    assert.ok(texts.includes('How to fix it'));
    assert.ok(!texts.includes('So beheben Sie es'));
    // The zone's SPF record lacks Microsoft's include: the live check says "wrong", and the button goes to step spf.
    assert.ok(texts.includes('wrong'), texts.join('\n'));
    assert.equal(card.content.actions?.[0]?.data?.stepId, 'spf');
  });

  it('recognizes a pasted NDR; a bare NDR is answered in the Teams locale', async () => {
    const paste = 'Delivery has failed to these recipients or groups:\nmax.muster@meinefirma.de\nRemote Server returned '
      + '\'550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\'';
    const pasted = cardTexts(onlyCard(await turn(helpdeskBot().handleTurn, message(paste, { locale: 'en-US' }))).content);
    assert.ok(pasted.includes('Mail to colleagues still at the provider bounces'), pasted.join('\n'));
    assert.ok(pasted.includes('Live check for meinefirma.de'), 'the domain of the address in the NDR is checked');
    assert.ok(pasted.includes('ok'), 'the zone\'s MX still points to the provider');

    const ndr = '550 5.1.10 RESOLVER.ADR.RecipientNotFound';
    const de = cardTexts(onlyCard(await turn(helpdeskBot().handleTurn, message(ndr, { locale: 'de-DE' }))).content);
    assert.ok(de.includes('Mails an Kollegen beim alten Provider kommen zurück'), de.join('\n'));
    const en = cardTexts(onlyCard(await turn(helpdeskBot().handleTurn, message(ndr, { locale: 'en-US' }))).content);
    assert.ok(en.includes('Mail to colleagues still at the provider bounces'), en.join('\n'));
    // No domain anywhere: the checks are "not checked" with the hint to name one, never "missing".
    assert.ok(en.includes('not checked'), en.join('\n'));
    assert.ok(!en.includes('missing'));
  });

  it('answers a German question that quotes an English NDR in German', async () => {
    const texts = cardTexts(onlyCard(await turn(helpdeskBot().handleTurn, message(
      'Hallo, seit gestern kommt bei uns das hier zurück: 550 5.7.23 The message was rejected because of Sender Policy Framework violation',
      { locale: 'en-US' }))).content);
    assert.ok(texts.includes('So beheben Sie es'), texts.join('\n'));
  });

  it('answers off-topic text with the "no diagnosis" card listing what the helpdesk recognizes, never a guess', async () => {
    const en = onlyCard(await turn(helpdeskBot().handleTurn, message('What is the weather like in Hamburg tomorrow?', { locale: 'en-US' })));
    const enTexts = cardTexts(en.content);
    assert.ok(enTexts.includes('I have no diagnosis for that'), enTexts.join('\n'));
    assert.ok(enTexts.includes('- Mail to colleagues still at the provider bounces'));
    assert.equal(en.content.actions, undefined, 'no button to a step when there is no diagnosis');
    const de = cardTexts(onlyCard(await turn(helpdeskBot().handleTurn, message('Wie wird das Wetter morgen in Hamburg?', { locale: 'de-DE' }))).content);
    assert.ok(de.includes('Dazu habe ich keine Diagnose'), de.join('\n'));
  });

  it('reports a DNS timeout as "could not check", never as missing', async () => {
    const texts = cardTexts(onlyCard(await turn(helpdeskBot({ checkTimeoutMs: 800 }).handleTurn,
      message('Mails an Kollegen bei slow.de kommen zurück: 550 5.1.10', { locale: 'de-DE' }))).content);
    assert.ok(texts.includes('konnte nicht prüfen'), texts.join('\n'));
    assert.ok(!texts.includes('fehlt'));
  });

  it('checks the conversation\'s migration when the question names no domain, with its verification value', async () => {
    const migrations: HelpdeskMigration[] = [{ domain: 'other.de', conversationId: 'conv-1', updatedAt: 1, verificationValue: 'MS=ms22222222' }];
    const bot = helpdeskBot({ listMigrations: async (tenantId) => (tenantId === 'tenant-a' ? migrations : []) });
    const card = onlyCard(await turn(bot.handleTurn, message('Microsoft 365 sagt, die Domain kann nicht verifiziert werden',
      { locale: 'de-DE', conversation: conversation('conv-1') })));
    const texts = cardTexts(card.content);
    assert.ok(texts.includes('Live-Prüfung für other.de'), texts.join('\n'));
    // The zone has MS=ms11111111, the migration expects MS=ms22222222: only the expected value makes this "falsch".
    assert.ok(texts.includes('falsch'), texts.join('\n'));
    assert.equal(card.content.actions?.[0]?.data?.domain, 'other.de');

    const otherTenant = cardTexts(onlyCard(await turn(bot.handleTurn, message('Microsoft 365 sagt, die Domain kann nicht verifiziert werden',
      { locale: 'de-DE', conversation: conversation('conv-1', 'tenant-b') }))).content);
    assert.ok(!otherTenant.some((t) => t.includes('other.de')), 'another tenant never sees this tenant\'s domain');
  });

  it('still answers (without the migration) when the store fails', async () => {
    const bot = helpdeskBot({ listMigrations: async () => { throw new Error('store closed'); } });
    const texts = cardTexts(onlyCard(await turn(bot.handleTurn, message('Why do mails to colleagues bounce?', { locale: 'en-US' }))).content);
    assert.ok(texts.includes('Mail to colleagues still at the provider bounces'));
    assert.ok(texts.includes('not checked'));
  });

  it('leases one resolver per answer from the DNS strategy (resolverFor) and releases it; no resolver is "could not check"', async () => {
    const asked: string[] = [];
    let released = 0;
    const bot = helpdeskBot({ resolverFor: async (domain) => {
      asked.push(domain);
      return { ok: true, resolver, release: () => { released++; } };
    } });
    // direct-send-blocked runs two checks (mx, spf): both share one lease.
    const texts = cardTexts(onlyCard(await turn(bot.handleTurn,
      message('550 5.7.68 TenantInboundAttribution; Direct Send not allowed for meinefirma.de', { locale: 'en-US' }))).content);
    assert.deepEqual(asked, ['meinefirma.de']);
    assert.equal(released, 1);
    assert.ok(texts.includes('ok') && texts.includes('wrong'), texts.join('\n'));

    const none = helpdeskBot({ resolverFor: async () => ({ ok: false, detail: 'the authoritative nameservers could not be found (timeout)' }) });
    const de = cardTexts(onlyCard(await turn(none.handleTurn, message('Mails an Kollegen bei meinefirma.de kommen zurück', { locale: 'de-DE' }))).content);
    assert.ok(de.includes('konnte nicht prüfen'), de.join('\n'));
    assert.ok(de.some((t) => t.includes('Konnte nicht geprüft werden: the authoritative nameservers could not be found')));
  });

  it('releases a resolver lease that arrives after the answer went out (slow nameserver discovery)', async () => {
    let released = 0;
    let aborted = false;
    const bot = helpdeskBot({ checkTimeoutMs: 200, resolverFor: async (_domain, signal) => {
      await new Promise((r) => setTimeout(r, 400));
      aborted = signal.aborted;
      return { ok: true, resolver, release: () => { released++; } };
    } });
    const texts = cardTexts(onlyCard(await turn(bot.handleTurn, message('Why do mails to colleagues at meinefirma.de bounce?', { locale: 'en-US' }))).content);
    assert.ok(texts.includes('could not check'), texts.join('\n'));
    assert.equal(released, 0, 'the lease has not arrived yet');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(aborted, true, 'the discovery was told the answer is gone');
    assert.equal(released, 1);
  });

  it('keeps /help as the help card and answers an empty message with help', async () => {
    const bot = helpdeskBot();
    assert.ok(cardTexts(onlyCard(await turn(bot.handleTurn, message('/help', { locale: 'en-US' }))).content).includes('Commands'));
    const empty = cardTexts(onlyCard(await turn(bot.handleTurn, message('   ', { locale: 'en-US' }))).content);
    assert.ok(empty.some((t) => t.startsWith('I did not understand')));
  });

  it('reads the stored migrations through the store\'s repository (memory store, real record type)', async () => {
    const store: Store = createMemoryStore();
    try {
      const repos = createRepositories<Migration>(store, migrationRecordType);
      const m: Migration = { ...createMigration('tenant-a', 'other.de', 'admin-1', 1000), conversationId: 'conv-9' };
      m.inputs = { ...m.inputs, verificationValue: 'MS=ms11111111' };
      assert.equal((await repos.migrations.put('tenant-a', 'other.de', m, 'absent')).ok, true);
      const list = listMigrationsFrom(repos.migrations);
      assert.deepEqual(await list('tenant-a'), [{ domain: 'other.de', updatedAt: 1000, conversationId: 'conv-9', verificationValue: 'MS=ms11111111', doneSteps: [] }]);
      assert.deepEqual(await list('tenant-b'), []);
      const bot = helpdeskBot({ listMigrations: list });
      const texts = cardTexts(onlyCard(await turn(bot.handleTurn, message('Domain verification fails in Microsoft 365',
        { locale: 'en-US', conversation: conversation('conv-9') }))).content);
      assert.ok(texts.includes('Live check for other.de'), texts.join('\n'));
      assert.ok(texts.includes('ok'), texts.join('\n'));
    } finally {
      await store.close();
    }
  });
});

describe('bot: helpdesk knows the migration and asks before it guesses', () => {
  let server: DnsTestServer;
  let resolver: DnsClient;
  before(async () => {
    server = await startDnsServer({ zone: ZONE });
    resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
  });
  after(async () => { resolver.close(); await server.close(); });

  it('a confirmed step\'s cause is not offered first: step 6 confirmed, the next most likely cause is', async () => {
    const migration: HelpdeskMigration = { domain: 'meinefirma.de', conversationId: 'c-1', updatedAt: 1, doneSteps: ['internal-relay'] };
    const bot = testBot({ fallback: createHelpdeskFallback({ resolver, listMigrations: async () => [migration], tenantOf: () => 'tenant-a' }) }).bot;
    // Fits both: colleagues' mail bouncing (Internal Relay) and the provider refusing to relay.
    const question = 'Mails an Kollegen bei Strato kommen zurück: 550 5.1.10 RecipientNotFound, einmal stand da auch relay access denied';
    const texts = cardTexts(onlyCard(await turn(bot.handleTurn, message(question, { conversation: conversation('c-1') }))).content);
    assert.ok(texts.some((t) => t.startsWith('Schritt 6 („') && t.includes('ist bestätigt, daher ist „Mails an Kollegen beim alten Provider kommen zurück" nicht die Ursache.')), texts.join('\n'));
    assert.ok(texts.includes('Nächstwahrscheinliche Ursache:'), texts.join('\n'));
    assert.ok(texts.some((t) => t.startsWith('Relay verweigert')), texts.join('\n'));
    // Without the confirmed step the same question gets the Internal Relay diagnosis first.
    const plain = testBot({ fallback: createHelpdeskFallback({ resolver, listMigrations: async () => [{ ...migration, doneSteps: [] }], tenantOf: () => 'tenant-a' }) }).bot;
    const first = cardTexts(onlyCard(await turn(plain.handleTurn, message(question, { conversation: conversation('c-1') }))).content);
    assert.ok(first.includes('Mails an Kollegen beim alten Provider kommen zurück'), first.join('\n'));
    assert.ok(!first.some((t) => t.includes('ist bestätigt')));
  });

  it('never advises a fix its own live check contradicts: autodiscover ok means no "add a CNAME"', async () => {
    const zone = { ...ZONE, 'autodiscover.meinefirma.de': { CNAME: 'autodiscover.outlook.com' } } as ZoneData;
    const local = await startDnsServer({ zone });
    const localResolver = createResolver({ servers: [local.address], timeoutMs: 300, retries: 0 });
    try {
      const bot = testBot({ fallback: createHelpdeskFallback({ resolver: localResolver }) }).bot;
      const texts = cardTexts(onlyCard(await turn(bot.handleTurn, message('Outlook findet bei meinefirma.de das Postfach nicht per Autodiscover'))).content);
      assert.ok(texts.some((t) => t.startsWith('Die Live-Prüfung zeigt')), texts.join('\n'));
      assert.ok(!texts.includes('So beheben Sie es'), texts.join('\n'));
      assert.ok(!texts.some((t) => /CNAME.*anlegen|Add a CNAME/i.test(t)), texts.join('\n'));
      assert.ok(texts.includes('in Ordnung'), 'the live check itself is shown as ok');
    } finally {
      localResolver.close();
      await local.close();
    }
  });

  it('asks a clarifying question, keeps the question in the store, and diagnoses after the button; a forged token is refused', async () => {
    const store: Store = createMemoryStore();
    const repos = createRepositories<Migration>(store, migrationRecordType);
    const options: HelpdeskOptions = { resolver, pendingQuestions: repos.pendingQuestions, tenantOf: () => 'tenant-a', clock: () => 5000 };
    const { bot } = testBot({ fallback: createHelpdeskFallback(options), handlers: [registerHelpdeskClarify(options)] });
    const ask = onlyCard(await turn(bot.handleTurn, message('My email to Petra came back as undeliverable', { conversation: conversation('c-2'), locale: 'de-DE' })));
    const texts = cardTexts(ask.content);
    assert.ok(texts.includes('So that I name the right cause: where is the sender\'s mailbox?'), texts.join('\n'));
    const buttons = ask.content.actions ?? [];
    assert.deepEqual(buttons.map((b) => [b.verb, b.title, b.data?.intent]), [
      ['helpdesk.clarify', 'The sender is already in Microsoft 365', 'bounce-internal-relay'],
      ['helpdesk.clarify', 'The sender is still at the provider or outside', 'forwarding-missing'],
    ]);
    const token = String(buttons[0]!.data!.token);
    assert.deepEqual(await repos.pendingQuestions.get('tenant-a', 'c-2', token), { text: 'My email to Petra came back as undeliverable', clarify: 'bounce-direction', askedAt: 5000 });
    for (const [choice, title] of [[0, 'Mail to colleagues still at the provider bounces'], [1, 'Mail to migrated users never reaches Microsoft 365']] as const) {
      const button = buttons[choice]!;
      const replies = await turn(bot.handleTurn, { type: 'invoke', name: 'adaptiveCard/action', conversation: conversation('c-2'), locale: 'en-US',
        value: { action: { type: 'Action.Execute', verb: button.verb, data: button.data } } } as Partial<Activity>);
      const invoke = replies.find((r) => r.type === 'invokeResponse');
      const body = (invoke?.value as { body?: { value?: unknown } } | undefined)?.body?.value as Card['content'] | undefined;
      assert.ok(body, JSON.stringify(replies));
      const answer = cardTexts(body);
      assert.ok(answer.some((t) => t.startsWith(title.slice(0, 25))), `${title}: ${answer.join(' | ')}`);
    }
    const forged = await turn(bot.handleTurn, { type: 'invoke', name: 'adaptiveCard/action', conversation: conversation('c-3'), locale: 'en-US',
      value: { action: { type: 'Action.Execute', verb: 'helpdesk.clarify', data: { verb: 'helpdesk.clarify', token, intent: 'bounce-internal-relay' } } } } as Partial<Activity>);
    assert.match(JSON.stringify(forged), /This follow-up question has expired/);
  });
});

describe('bot: helpdesk wired from AppDeps', () => {
  let server: DnsTestServer;
  let resolver: DnsClient;
  let store: Store;
  before(async () => {
    server = await startDnsServer({ zone: ZONE });
    resolver = createResolver({ servers: [server.address], timeoutMs: 300, retries: 0 });
    store = createMemoryStore();
  });
  after(async () => { resolver.close(); await server.close(); await store.close(); });

  it('finds the dev tenant\'s migration for a client that sends no tenant (local playground), and none without a dev tenant', async () => {
    const repos = createRepositories<Migration>(store, migrationRecordType);
    const m = createMigration('local-dev-tenant', 'meinefirma.de', 'user-1', 5000);
    assert.equal((await repos.migrations.put('local-dev-tenant', 'meinefirma.de', m, 'absent')).ok, true);
    const deps = { repos, devTenantId: 'local-dev-tenant', logger: pino({ level: 'silent' }),
      resolverFor: async () => ({ ok: true as const, resolver, release: () => undefined }) };
    const question = message('Warum kommen Mails an Kollegen zurück?', { locale: 'de-DE', conversation: { id: 'chat-1' } as Activity['conversation'] });

    const local = testBot({ fallback: createHelpdeskFallback(helpdeskOptionsFrom(deps)) }).bot;
    const texts = cardTexts(onlyCard(await turn(local.handleTurn, question)).content);
    assert.ok(texts.includes('Live-Prüfung für meinefirma.de'), texts.join('\n'));
    assert.ok(texts.includes('in Ordnung'), texts.join('\n'));

    const { devTenantId: _, ...production } = deps;
    const prod = testBot({ fallback: createHelpdeskFallback(helpdeskOptionsFrom(production)) }).bot;
    const none = cardTexts(onlyCard(await turn(prod.handleTurn, question)).content);
    assert.ok(!none.some((t) => t.includes('meinefirma.de')), 'a turn without a tenant sees no migration');
    assert.ok(none.includes('nicht geprüft'), none.join('\n'));
  });
});

describe('bot: helpdesk messagePlainText', () => {
  const cases: Array<[string, string]> = [
    ['Warum kommen Mails zurück? <3 & so', 'Warum kommen Mails zurück? <3 & so'],
    ['<p>Why do mails &amp; replies bounce?</p>', 'Why do mails & replies bounce?'],
    ['<div>Remote Server returned<br>550 5.1.10 RESOLVER.ADR.RecipientNotFound</div>', 'Remote Server returned\n550 5.1.10 RESOLVER.ADR.RecipientNotFound'],
    ['<p>&lt;max@meinefirma.de&gt; &#228;&#x00FC; &bogus;</p>', '<max@meinefirma.de> äü &bogus;'],
  ];
  for (const [input, expected] of cases) it(JSON.stringify(input), () => assert.equal(messagePlainText(input), expected));

  it('diagnoses a question Teams sent as HTML and shows it without tags or entities', async () => {
    const bot = testBot({ fallback: createHelpdeskFallback() }).bot;
    const texts = cardTexts(onlyCard(await turn(bot.handleTurn, message('<p>Why do mails to colleagues bounce? Tom &amp; Anna</p>', { locale: 'en-US', textFormat: 'xml' }))).content);
    assert.ok(texts.includes('Mail to colleagues still at the provider bounces'), texts.join('\n'));
    assert.ok(texts.includes('You asked: Why do mails to colleagues bounce? Tom & Anna'), texts.join('\n'));
  });
});

describe('bot: helpdesk pickMigration and tenant', () => {
  const a: HelpdeskMigration = { domain: 'a.de', conversationId: 'c1', updatedAt: 10 };
  const b: HelpdeskMigration = { domain: 'b.de', conversationId: 'c1', updatedAt: 20 };
  const c: HelpdeskMigration = { domain: 'c.de', conversationId: 'c2', updatedAt: 30 };
  const cases: Array<[string, HelpdeskMigration[], string | undefined, string, string | undefined]> = [
    ['none', [], 'c1', 'why bounce', undefined],
    ['the only one, whatever the conversation', [c], 'c1', 'why bounce', 'c.de'],
    ['the conversation\'s most recent', [a, b, c], 'c1', 'why bounce', 'b.de'],
    ['a named migration wins', [a, b, c], 'c1', 'why does mail to x@a.de bounce', 'a.de'],
    ['ambiguous: none', [a, b, c], 'c3', 'why bounce', undefined],
    ['no conversation id: none of several', [a, c], undefined, 'why bounce', undefined],
    ['a named domain that is no migration: the conversation\'s', [a, b], 'c1', 'mail to fremd.de bounces', 'b.de'],
  ];
  for (const [name, migrations, conversationId, text, expected] of cases) {
    it(name, () => assert.equal(pickMigration(migrations, conversationId, text)?.domain, expected));
  }
});
