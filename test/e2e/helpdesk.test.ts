import assert from 'node:assert/strict';
import type { PlaygroundPage } from '../support/browser';
import type { DnsTestServer, ZoneData } from '../support/dns-server';
import { saveScreenshot, useE2eStack, type E2eStack } from '../support/e2e-stack';
import { connectPlaygroundClient } from '../support/playground-client';

// meinefirma.de is in mixed operation (MX at the provider), but its SPF record lacks Microsoft's include.
const ZONE: ZoneData = {
  'meinefirma.de': { SOA: { mname: 'ns1.meinefirma.de', rname: 'hostmaster.meinefirma.de', serial: 1, minimum: 300 },
    NS: ['ns1.meinefirma.de'], MX: [{ preference: 10, exchange: 'smtpin.rzone.de' }],
    TXT: ['MS=ms48151623', 'v=spf1 include:smtp.strato.de ~all'] },
  'smtp.strato.de': { TXT: ['v=spf1 ip4:81.169.146.0/23 -all'] },
  'smtpin.rzone.de': { A: ['81.169.145.97'] },
};

async function screenshot(chat: PlaygroundPage, card: Awaited<ReturnType<PlaygroundPage['waitForCard']>>, name: string): Promise<void> {
  // A diagnosis card is taller than the default viewport; the playground's sticky toolbar would cover its top.
  const box = await card.boundingBox();
  if (box) await chat.page.setViewportSize({ width: 1280, height: Math.min(4000, Math.ceil(box.height) + 400) });
  await card.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await saveScreenshot(chat, name, card);
}

describe('@e2e helpdesk questions in the Microsoft 365 Agents Playground (live checks on a loopback DNS server)', function () {
  this.timeout(120000);
  let dns: DnsTestServer | undefined;
  let pg: E2eStack['pg'] | undefined;
  let chat: PlaygroundPage | undefined;
  const e2e = useE2eStack({ zone: ZONE });
  before(() => { ({ dns, pg, chat } = e2e.stack); });

  it('answers a German question typed in the browser with the German diagnosis card and a live MX check', async () => {
    dns!.clearLog();
    // The page sends locale en-US: the German words decide the answer's language.
    await chat!.send('Warum kommen Mails an Kollegen bei meinefirma.de zurück?');
    const card = await chat!.waitForCard('Mails an Kollegen beim alten Provider kommen zurück');
    const text = await card.innerText();
    assert.match(text, /Live-Prüfung für meinefirma\.de/);
    assert.match(text, /MX zeigt auf den Provider/);
    assert.match(text, /in Ordnung/);
    assert.match(text, /So beheben Sie es/);
    assert.match(text, /Set-AcceptedDomain -Identity meinefirma\.de -DomainType InternalRelay/);
    assert.match(text, /Zum Schritt 6: Domänentyp auf Interne Relaydomäne stellen/);
    assert.doesNotMatch(text, /How to fix it/);
    assert.ok(dns!.count('meinefirma.de', 'MX') >= 1, 'the bot process asked the loopback DNS server');
    await screenshot(chat!, card, 'helpdesk-de');
  });

  it('answers an English question with the English card, the SPF check saying "wrong"', async () => {
    await chat!.send('Mail we send from Microsoft 365 for meinefirma.de lands in the receivers\' spam folder, SPF fail');
    const card = await chat!.waitForCard('How to fix it');
    const text = await card.innerText();
    assert.match(text, /Live check for meinefirma\.de/);
    assert.match(text, /SPF with include:spf\.protection\.outlook\.com/);
    assert.match(text, /\bwrong\b/);
    assert.match(text, /Go to step 8: Extend the SPF record/);
    assert.doesNotMatch(text, /So beheben Sie es/);
    await screenshot(chat!, card, 'helpdesk-en');
  });

  it('with a migration started in this chat, checks its domain for a question naming none, and the button opens that step', async () => {
    await chat!.send('/migrate meinefirma.de');
    await chat!.waitForCard('Migration details', 30000);
    await chat!.send('Why do mails to colleagues bounce?');
    const card = await chat!.waitForCard(/Mail to colleagues still at the provider bounces[\s\S]*Live check for meinefirma\.de/);
    assert.match(await card.innerText(), /\bok\b/);
    // By role: this playground renders Action.Execute as a Fluent button, not with the `.ac-pushButton` class.
    await card.getByRole('button', { name: 'Go to step 6: Set the domain type to Internal relay' }).click();
    const step = await chat!.waitForCard('Set the domain type to Internal relay');
    assert.match(await step.innerText(), /meinefirma\.de/);
  });

  it('asks who sent a bounced mail before it diagnoses, and the button in the browser gives the diagnosis in place', async () => {
    await chat!.send('My email to Petra came back as undeliverable');
    const question = await chat!.waitForCard('where is the sender\'s mailbox?');
    assert.doesNotMatch(await question.innerText(), /How to fix it/);
    await screenshot(chat!, question, 'helpdesk-clarify');
    await question.getByRole('button', { name: 'The sender is already in Microsoft 365' }).click();
    const answer = await chat!.waitForCard(/Mail to colleagues still at the provider bounces[\s\S]*How to fix it/);
    assert.match(await answer.innerText(), /Set-AcceptedDomain/);
  });

  it('answers a DNS timeout as "could not check" and off-topic text with the "no diagnosis" card (browser-less client)', async () => {
    dns!.setBehaviour('meinefirma.de', '*', 'timeout');
    const client = await connectPlaygroundClient(pg!);
    try {
      await client.sendActivity({ type: 'message', text: '550 5.1.10 RESOLVER.ADR.RecipientNotFound bei meinefirma.de', locale: 'de-DE' });
      const timedOut = JSON.stringify((await client.nextBotMessage(30000)).attachments?.[0]?.content);
      assert.match(timedOut, /konnte nicht prüfen/);
      assert.doesNotMatch(timedOut, /"fehlt"/);

      await client.sendText('What is the weather like in Hamburg tomorrow?');
      const unknown = (await client.nextBotMessage()).attachments?.[0];
      assert.equal(unknown?.contentType, 'application/vnd.microsoft.card.adaptive');
      const json = JSON.stringify(unknown?.content);
      assert.match(json, /I have no diagnosis for that/);
      assert.match(json, /Mail to colleagues still at the provider bounces/);
      assert.doesNotMatch(json, /procedure\.goto/);
    } finally {
      dns!.clearBehaviours();
      client.close();
    }
  });
});
