import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPlaygroundPage } from '../support/browser';
import { startPlayground, type Playground } from '../support/playground';

/**
 * Self-test of the harness pieces the /help e2e does not reach: clicking a card button in Chromium, which later
 * issues rely on. A minimal stand-in bot on loopback answers "card" with an Action.Submit card and records what
 * the playground sends back.
 */
async function startCardBot(): Promise<{ endpoint: string; received: Array<Record<string, unknown>>; close: () => Promise<void> }> {
  const received: Array<Record<string, unknown>> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      res.statusCode = 200;
      res.end();
      if (req.method !== 'POST' || body === '') return;
      const activity = JSON.parse(body) as { type: string; text?: string; serviceUrl: string; conversation: { id: string }; id: string };
      received.push(activity as unknown as Record<string, unknown>);
      if (activity.type === 'message' && activity.text === 'card') {
        void fetch(`${activity.serviceUrl.replace(/\/$/, '')}/v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities/${encodeURIComponent(activity.id)}`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: {
              type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Harness card' }],
              actions: [{ type: 'Action.Submit', title: 'Press me', data: { verb: 'press', n: 42 } }],
            } }],
          }),
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}/api/messages`, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe('@e2e harness self-test: card buttons in the playground', function () {
  this.timeout(240000);
  let bot: Awaited<ReturnType<typeof startCardBot>> | undefined;
  let pg: Playground | undefined;
  let browser: Browser | undefined;

  after(async () => {
    await browser?.close();
    await pg?.stop();
    await bot?.close();
  });

  it('clickCardButton sends the Action.Submit data to the bot', async () => {
    bot = await startCardBot();
    pg = await startPlayground({ botEndpoint: bot.endpoint });
    browser = await launchBrowser();
    const chat = await openPlaygroundPage(browser, pg.url);
    await chat.send('card');
    const card = await chat.waitForCard('Harness card');
    await chat.clickCardButton(card, 'Press me');
    const deadline = Date.now() + 15000;
    let submitted: Record<string, unknown> | undefined;
    while (!submitted && Date.now() < deadline) {
      submitted = bot.received.find((a) => (a.value as { verb?: string } | undefined)?.verb === 'press');
      if (!submitted) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(submitted, `no submit arrived; the bot saw: ${JSON.stringify(bot.received.map((a) => [a.type, a.text, a.value]))}`);
    assert.deepEqual(submitted.value, { verb: 'press', n: 42 });
  });
});
