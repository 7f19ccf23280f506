/**
 * Issue 7's end-to-end "done when", in the local Teams client (Microsoft 365 Agents Playground in Chromium): the
 * admin starts a migration, the verification TXT record is not there yet; the test publishes it in the loopback
 * zone (as the admin would in the provider's panel) and clicks nothing — the bot's scheduler re-checks on its own,
 * announces the step in the chat without being asked, and the step card moves on.
 *
 * COEXIST_RECHECK_FIRST_MS=1000 puts the re-checks on a compressed time scale (first after 1 s instead of a
 * minute), so this takes seconds; COEXIST_QUIET_HOURS=off keeps the time of day out of it.
 */
import assert from 'node:assert/strict';
import { PLAYGROUND_SELECTORS, type PlaygroundPage } from '../support/browser';
import type { DnsTestServer } from '../support/dns-server';
import { saveScreenshot, useE2eStack } from '../support/e2e-stack';
import { MS_VALUE, PANEL, initialZone } from '../bot/migration-harness';

const DOMAIN = 'proaktiv.test';

describe('@e2e proactive re-check in the Microsoft 365 Agents Playground (Chromium, loopback DNS)', function () {
  this.timeout(120_000);
  let dns: DnsTestServer | undefined;
  let chat: PlaygroundPage;
  const e2e = useE2eStack({
    zone: initialZone(DOMAIN),
    dataDirPrefix: 'coexist-e2e-proactive-',
    env: { COEXIST_RECHECK_FIRST_MS: '1000', COEXIST_QUIET_HOURS: 'off' },
    viewport: { width: 1280, height: 2000 },
  });
  before(() => {
    dns = e2e.stack.dns;
    chat = e2e.stack.chat!;
  });

  it('announces a DNS record that appeared after the admin\'s step without being asked, and the step card moves on', async () => {
    await chat.send(`/migrate ${DOMAIN}`);
    let card = await chat.waitForCard('Migration details');
    await card.getByLabel('Verification value (MS=ms…)').fill(MS_VALUE);
    await card.getByLabel('Tenant (….onmicrosoft.com)').fill('proaktiv.onmicrosoft.com');
    await card.getByLabel('Users who move').fill(`Max Muster; max.muster@${DOMAIN}`);
    await chat.clickCardButton(card, 'Save');
    card = await chat.waitForCard(/Step 1 of 9[\s\S]*not found yet/);
    const bubbles = chat.page.locator(PLAYGROUND_SELECTORS.bubble);
    const before = await bubbles.count();

    // Re-checks run while the record is missing (first after 1 s, then backing off) and say nothing.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await bubbles.filter({ hasText: 'is now visible ✓' }).count(), 0, 'nothing announced while the record is missing');

    // The admin publishes the MS=ms… TXT record at the provider, and clicks nothing.
    PANEL.verification(dns!, DOMAIN);
    const announcement = bubbles.filter({ hasText: /is now visible ✓ — next:/ }).last();
    await announcement.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await announcement.innerText(), /Domain|TXT|verif/i);
    assert.ok((await bubbles.count()) > before, 'a new chat message arrived without anyone typing');

    // The step card moved on: step 1 confirmed, step 2 (MX at the provider) was already done, so step 3.
    card = await chat.waitForCard(/Step 3 of 9/, 15_000);
    assert.match(await card.innerText(), /autodiscover\.outlook\.com/);
    const cards = await chat.cardTexts();
    assert.equal(cards.filter((t) => /Step 1 of 9/.test(t)).length, 0, `the step-1 card was updated in place: ${JSON.stringify(cards)}`);
    assert.equal(cards.filter((t) => /Step 3 of 9/.test(t)).length, 1, 'one live step card');
    await saveScreenshot(chat, 'proactive-announced');
    // Exactly one announcement for this step: one chat bubble with that text (the card is not a text bubble).
    await new Promise((r) => setTimeout(r, 2000));
    const announced = await bubbles.filter({ hasText: /is now visible ✓ — next:/ }).allInnerTexts();
    assert.equal(announced.length, 1, JSON.stringify(announced));
  });
});
