import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { PlaygroundPage } from '../support/browser';
import type { DnsTestServer } from '../support/dns-server';
import { saveScreenshot, useE2eStack, type E2eStack } from '../support/e2e-stack';
import { connectPlaygroundClient } from '../support/playground-client';
import { DOMAIN, MS_VALUE, PANEL, initialZone } from '../bot/migration-harness';

const SECOND = 'zweitfirma.test';

describe('@e2e guided migration in the Microsoft 365 Agents Playground (Chromium, loopback DNS, bot restart)', function () {
  this.timeout(150000);
  let dns: DnsTestServer | undefined;
  let pg: E2eStack['pg'] | undefined;
  let chat: PlaygroundPage;

  async function shot(name: string, element?: Locator): Promise<void> {
    await saveScreenshot(chat, `migration-${name}`, element);
  }

  async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > end) throw new Error(`timed out waiting for: ${what}; cards: ${JSON.stringify((await chat.cardTexts()).slice(-2))}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Clicks a card button by its exact title; the answer replaces that card in place. */
  async function press(card: Locator, title: string): Promise<void> {
    await card.getByRole('button', { name: title, exact: true }).first().click();
  }

  const e2e = useE2eStack({
    zone: { ...initialZone(DOMAIN), ...initialZone(SECOND) },
    // The bot restarts half-way: its SQLite file lives in a directory of the test's, not the process's.
    dataDirPrefix: 'coexist-e2e-migration-',
    // The test clicks through nine steps in seconds, faster than the per-user command limit allows a person.
    env: { COEXIST_RATE_LIMIT: 'off' },
    // Tall enough that a whole step card fits on screen: element screenshots then show no sticky toolbar over it.
    viewport: { width: 1280, height: 2200 },
  });
  before(() => {
    ({ dns, pg } = e2e.stack);
    chat = e2e.stack.chat!;
  });

  it('runs the whole procedure: the zone changes between steps, the cards advance, the bot restarts half-way', async () => {
    await chat.send(`/migrate ${DOMAIN}`);
    let card = await chat.waitForCard('Migration details');
    await card.getByLabel('Verification value (MS=ms…)').fill(MS_VALUE);
    await card.getByLabel('Tenant (….onmicrosoft.com)').fill('meinefirma.onmicrosoft.com');
    await card.getByLabel('Users who move').fill('Max Muster; max.muster@meinefirma.test\nErika Muster; erika.muster@meinefirma.test');
    await shot('1-inputs', card);
    await press(card, 'Save');

    card = await chat.waitForCard(/Step 1 of 9[\s\S]*not found yet/);
    await shot('2-verify-missing', card);

    // The admin publishes the MS=ms… TXT record at the provider and types /migrate again (no click): the bot
    // resumes with the step-1 card, its probe confirms step 1 (the MX of step 2 is already at the provider), and
    // that new card is updated in place to step 3 (updateActivity through the playground's connector).
    PANEL.verification(dns!);
    const before = (await chat.cardTexts()).length;
    await chat.send(`/migrate ${DOMAIN}`);
    card = await chat.waitForCard(/Step 3 of 9/);
    assert.equal((await chat.cardTexts()).length, before + 1, 'one new card, updated in place rather than a second one');
    assert.match(await card.innerText(), /autodiscover\.outlook\.com/);
    await shot('3-autodiscover', card);

    // Half-way: the bot process stops (SIGTERM) and starts again on the same port over the same SQLite file.
    assert.equal(await e2e.stack.restartBot(), 0);

    // The card from before the restart still works: the autodiscover CNAME is published, "Check now" moves on.
    PANEL.autodiscover(dns!);
    await press(card, 'Check now');
    card = await chat.waitForCard(/Step 4 of 9/);
    assert.match(await card.innerText(), /max\.muster@meinefirma\.test/);

    // Steps 4 and 5: per user, then the step.
    for (const step of [4, 5]) {
      for (const open of [1, 0]) {
        await press(card, 'Done');
        // The same card comes back with one "Done" button fewer (that user is ticked).
        await waitUntil(async () => (await card.getByRole('button', { name: 'Done', exact: true }).count()) === open, `step ${step}: ${open} users open`);
      }
      await press(card, 'All users done ✓');
      card = await chat.waitForCard(new RegExp(`Step ${step + 1} of 9`));
    }
    assert.match(await card.innerText(), /Set-AcceptedDomain -Identity meinefirma\.test -DomainType InternalRelay/);
    await shot('4-internal-relay', card);
    await press(card, 'Saved ✓');

    // No connector needed: step 7 is skipped, SPF (step 8) is probed at once and shows the merged record.
    card = await chat.waitForCard(/Step 8 of 9/);
    assert.match(await card.innerText(), /v=spf1 include:spf\.protection\.outlook\.com include:smtp\.strato\.de ~all/);
    await shot('5-spf', card);
    PANEL.spf(dns!);
    await press(card, 'Check now');
    card = await chat.waitForCard(/Step 9 of 9/);
    await press(card, 'Done ✓');
    card = await chat.waitForCard('Mixed operation is running');
    await shot('6-done', card);

    // A new /migrate of the same domain resumes rather than starting over.
    await chat.send(`/migrate ${DOMAIN}`);
    await chat.waitForCard('Mixed operation is running');
  });

  it('speaks German to a de-DE Teams client: the inputs form and the status of every domain', async () => {
    const client = await connectPlaygroundClient(pg!);
    try {
      await client.sendActivity({ type: 'message', text: `/migrate ${SECOND}`, locale: 'de-DE' });
      const form = await chat.waitForCard('Angaben zur Migration');
      assert.match(await form.innerText(), /zweitfirma\.test/);
      await client.sendActivity({ type: 'message', text: '/status', locale: 'de-DE' });
      const status = await chat.waitForCard('Stand der Migrationen');
      const text = await status.innerText();
      assert.match(text, /meinefirma\.test/);
      assert.match(text, /zweitfirma\.test/);
      await shot('7-status-de', status);
    } finally {
      client.close();
    }
  });
});
