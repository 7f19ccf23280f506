import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from '../support/bot-process';
import { launchBrowser, openPlaygroundPage } from '../support/browser';
import { useE2eStack, RESULTS, type E2eStack } from '../support/e2e-stack';
import { connectPlaygroundClient } from '../support/playground-client';

const COMMANDS = ['/status', '/check', '/reset', '/remind on|off', '/help'];

describe('@e2e /help in the Microsoft 365 Agents Playground', function () {
  this.timeout(240000);
  let pg: E2eStack['pg'] | undefined;
  // Launched by the first test, not in `before`: the browser-less tests need none.
  let browser: Browser | undefined;
  const e2e = useE2eStack({ browser: false }, { beforeStop: async () => { await browser?.close(); } });
  before(() => { pg = e2e.stack.pg; });

  it('shows the English help card when the user types /help in the browser', async () => {
    browser = await launchBrowser();
    const chat = await openPlaygroundPage(browser, pg!.url);
    await chat.send('/help');
    const card = await chat.waitForCard('Commands');
    const text = await card.innerText();
    for (const command of [...COMMANDS, '/migrate example.com']) assert.ok(text.includes(command), `${command} missing in:\n${text}`);
    assert.match(text, /go to the helpdesk/);
    assert.doesNotMatch(text, /did not understand/);

    fs.mkdirSync(RESULTS, { recursive: true });
    await chat.screenshot(path.join(RESULTS, 'help-card.png'), card);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
      await chat.screenshot(path.join(ROOT, 'docs/screenshots/help-card.png'));
    }
  });

  it('shows the German help card for a de-DE user (activity sent through the playground\'s custom activity)', async () => {
    // The page always sends locale en-US; its custom-activity endpoint lets us send as a German Teams client.
    const chat = await openPlaygroundPage(browser!, pg!.url);
    const client = await connectPlaygroundClient(pg!);
    try {
      await client.sendActivity({ type: 'message', text: '/help', locale: 'de-DE' });
      const card = await chat.waitForCard('Befehle');
      const text = await card.innerText();
      assert.match(text, /Alle DNS-Schritte jetzt neu prüfen/);
      assert.match(text, /beantwortet der Helpdesk/);
      for (const command of [...COMMANDS, '/migrate meinefirma.de']) assert.ok(text.includes(command), `${command} missing in:\n${text}`);
    } finally {
      client.close();
    }
  });

  it('answers text that is neither a command nor a helpdesk question with the helpdesk\'s "no diagnosis" card (browser-less client)', async () => {
    const client = await connectPlaygroundClient(pg!);
    try {
      await client.sendText('what is this?');
      const reply = await client.nextBotMessage();
      const card = reply.attachments?.[0];
      assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
      assert.equal(card?.content.version, '1.5');
      // Since the helpdesk took over the fallback (issue 6), free text is a question; this one has no diagnosis.
      assert.match(JSON.stringify(card?.content), /I have no diagnosis for that/);
      assert.equal(reply.conversationId, pg!.chatId);
    } finally {
      client.close();
    }
  });
});
