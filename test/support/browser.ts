/**
 * E2E harness, part 4: the Agents Playground page in real Chromium (playwright-core + Debian's chromium).
 *
 *   const browser = await launchBrowser();                  // throws with an install hint if chromium is missing
 *   const chat = await openPlaygroundPage(browser, pg.url);  // waits for "Connected."
 *   await chat.send('/help');
 *   const card = await chat.waitForCard(/Commands/);         // the newest Adaptive Card whose text matches
 *   await card.textContent();                                // Playwright Locator
 *   await chat.clickCardButton(card, 'Check now');            // a card action by its title
 *   await chat.screenshot('docs/screenshots/x.png', card);   // element or full page
 *   await browser.close();
 *
 * The playground's DOM class names are a third party's internals: they live in PLAYGROUND_SELECTORS only.
 * Its fonts come from a CDN that is unreachable offline; those requests are aborted so the page does not stall.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const PLAYGROUND_SELECTORS = {
  /** The compose box (a Lexical editor). */
  input: '[data-lexical-editor="true"]',
  /** One chat bubble. */
  bubble: '.fai-OutputCard',
  /** A rendered Adaptive Card. */
  card: '.ac-adaptiveCard',
  /** A card action: the playground renders it as a Fluent <button title="…"> around `.ac-pushButton-content`. */
  cardAction: 'button:has(.ac-pushButton-content)',
  /** Text shown in the log panel once the page's WebSockets are up. */
  connectedText: 'Connected.',
} as const;

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** The chromium binary: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(`Chromium not found (looked at ${candidates.join(', ')}). Install it: \`sudo apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH.`);
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

export interface PlaygroundPage {
  page: Page;
  send: (text: string) => Promise<void>;
  /** Resolves with the newest card whose visible text matches; rejects after `timeoutMs` with the page's cards. */
  waitForCard: (text: RegExp | string, timeoutMs?: number) => Promise<Locator>;
  /** Visible text of every card, oldest first. */
  cardTexts: () => Promise<string[]>;
  clickCardButton: (card: Locator, title: string) => Promise<void>;
  screenshot: (file: string, element?: Locator) => Promise<void>;
}

export async function openPlaygroundPage(browser: Browser, url: string, options: { timeoutMs?: number } = {}): Promise<PlaygroundPage> {
  const timeout = options.timeoutMs ?? 30000;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  // Only the playground itself is reachable; everything else (CDN fonts, telemetry) would hang until timeout.
  const origin = new URL(url).origin;
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
  await page.goto(url, { timeout });
  await page.getByText(PLAYGROUND_SELECTORS.connectedText, { exact: false }).first().waitFor({ timeout });
  const input = page.locator(PLAYGROUND_SELECTORS.input).first();
  await input.waitFor({ timeout });

  const cardTexts = async () => page.locator(PLAYGROUND_SELECTORS.card).allInnerTexts();
  return {
    page,
    send: async (text) => {
      await input.click();
      await input.pressSequentially(text);
      await input.press('Enter');
    },
    waitForCard: async (text, timeoutMs = 20000) => {
      const card = page.locator(PLAYGROUND_SELECTORS.card).filter({ hasText: text }).last();
      try {
        await card.waitFor({ state: 'visible', timeout: timeoutMs });
      } catch {
        throw new Error(`no card matching ${String(text)} within ${timeoutMs} ms; cards on the page: ${JSON.stringify(await cardTexts())}`);
      }
      return card;
    },
    cardTexts,
    clickCardButton: async (card, title) => {
      const button = card.locator(PLAYGROUND_SELECTORS.cardAction).and(card.page().getByRole('button', { name: title, exact: true }));
      await button.first().click();
    },
    screenshot: async (file, element) => {
      if (element) await element.screenshot({ path: file });
      else await page.screenshot({ path: file, fullPage: true });
    },
  };
}
