/**
 * Issue 12's first minutes, end to end in the local Teams client (Microsoft 365 Agents Playground in Chromium):
 *
 * - The welcome card: opening the playground page posts `/_debug/conversation/{id}/installation`, for which the
 *   playground sends the bot an installationUpdate ("add") and a conversationUpdate with the bot among the members
 *   added, as Teams does for an install in a personal chat. The chat shows exactly one welcome card, and its
 *   "Start a migration" input starts one.
 * - Delivery across a playground restart: with the same chat id the new process knows none of the old messages, so
 *   the re-check's in-place card update gets 404 (ActivityNotFoundInConversation) and the card arrives as a new
 *   message; the reminders go on. (A plain restart gives the chat a new id; the playground then answers 404
 *   ConversationNotFound for the old one, which test/scheduler/runner.test.ts shows is retried with back-off.)
 */
import assert from 'node:assert/strict';
import { PLAYGROUND_SELECTORS } from '../support/browser';
import { saveScreenshot, useE2eStack } from '../support/e2e-stack';
import { MS_VALUE, PANEL, initialZone } from '../bot/migration-harness';

const DOMAIN = 'willkommen.test';

describe('@e2e welcome card and delivery across playground restarts (Agents Playground, Chromium, loopback DNS)', function () {
  this.timeout(180_000);
  const e2e = useE2eStack({
    zone: initialZone(DOMAIN),
    dataDirPrefix: 'coexist-e2e-welcome-',
    env: { COEXIST_RECHECK_FIRST_MS: '1000', COEXIST_QUIET_HOURS: 'off' },
    viewport: { width: 1280, height: 1600 },
  });

  it('welcomes once when the chat opens (installationUpdate + conversationUpdate), and "Start a migration" starts one', async () => {
    const chat = e2e.stack.chat!;
    let card = await chat.waitForCard('Welcome to coexist');
    const text = await card.innerText();
    for (const thing of ['Set up', 'Helpdesk', 'Remind']) assert.ok(text.includes(thing), `${thing} missing in:\n${text}`);
    await new Promise((r) => setTimeout(r, 1500));
    const welcomes = (await chat.cardTexts()).filter((t) => t.includes('Welcome to coexist'));
    assert.equal(welcomes.length, 1, 'one install announced twice is one welcome card');
    const log = e2e.stack.bot.logs();
    assert.match(log, /"activityType":"installationUpdate"[^\n]*welcome card sent|welcome card sent[^\n]*"activityType":"installationUpdate"/);
    await saveScreenshot(chat, 'welcome-card', card);
    await chat.page.setViewportSize({ width: 390, height: 1200 });
    await saveScreenshot(chat, 'welcome-card-mobile', card);
    await chat.page.setViewportSize({ width: 1280, height: 1600 });

    await card.getByLabel('Start a migration: your mail domain').fill(DOMAIN);
    await chat.clickCardButton(card, 'Start a migration');
    card = await chat.waitForCard('Migration details');
    await card.getByLabel('Verification value (MS=ms…)').fill(MS_VALUE);
    await card.getByLabel('Tenant (….onmicrosoft.com)').fill('willkommen.onmicrosoft.com');
    await card.getByLabel('Users who move').fill(`Max Muster; max.muster@${DOMAIN}`);
    await chat.clickCardButton(card, 'Save');
    await chat.waitForCard(/Step 1 of 9[\s\S]*not found yet/);
  });

  it('after a restart with the same chat id, the card update gets 404 and the card arrives as a new message', async () => {
    await e2e.stack.restartPlayground({ sameChat: true });
    const chat = e2e.stack.chat!;
    assert.equal((await chat.cardTexts()).length, 0, 'the new playground process shows an empty chat');
    PANEL.verification(e2e.stack.dns!, DOMAIN);
    const card = await chat.waitForCard(/Step 3 of 9/, 30_000);
    assert.match(await card.innerText(), /autodiscover\.outlook\.com/);
    await chat.page.locator(PLAYGROUND_SELECTORS.bubble).filter({ hasText: /is now visible ✓ — next:/ }).last().waitFor({ timeout: 15_000 });
    const log = e2e.stack.bot.logs();
    assert.doesNotMatch(log, /stopping its reminders/);
    // The page opened on the new process with no card in it: the step card it shows was posted anew, not updated.
    assert.equal((await chat.cardTexts()).filter((t) => /Step \d of 9/.test(t)).length, 1);
  });
});
