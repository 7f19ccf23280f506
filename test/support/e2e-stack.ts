/**
 * The pieces an end-to-end test runs against, started in one call and stopped in one call: an optional loopback DNS
 * server, the bot process (`node dist/index.js`), the Microsoft 365 Agents Playground in front of it, and optionally
 * Chromium with the playground page open.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { startBotProcess, ROOT, type BotProcess } from './bot-process';
import { launchBrowser, openPlaygroundPage, type PlaygroundPage } from './browser';
import { startDnsServer, type DnsTestServer, type ZoneData } from './dns-server';
import { startPlayground, type Playground } from './playground';

export const RESULTS = path.join(ROOT, 'test-results');

export interface E2eStackOptions {
  /** Starts a loopback DNS server with this zone and points the bot at it (COEXIST_DNS_SERVERS). */
  zone?: ZoneData;
  /** Prefix of a data directory (COEXIST_DATA_DIR) that outlives a bot restart; without it the bot's own is used. */
  dataDirPrefix?: string;
  /** More environment for the bot process (after the DNS server and data directory). */
  env?: Record<string, string>;
  /** Launch Chromium and open the playground page (default true). */
  browser?: boolean;
  /** Viewport of the playground page, when it should differ from the page's default. */
  viewport?: { width: number; height: number };
}

export interface E2eStack {
  readonly dns: DnsTestServer | undefined;
  /** The current bot process (a new one after `restartBot`). */
  readonly bot: BotProcess;
  /** The current playground (a new one after `restartPlayground`). */
  readonly pg: Playground;
  readonly browser: Browser | undefined;
  readonly chat: PlaygroundPage | undefined;
  readonly dataDir: string | undefined;
  /** Stops the bot (SIGTERM) and starts it again on the same port with the same environment; resolves with the stopped one's exit code. */
  restartBot: () => Promise<number | null>;
  /**
   * Stops the playground and starts a new one on the same port (the bot's stored serviceUrl stays valid); with
   * `sameChat` it keeps the personal chat's id, else the new process gives the chat a new id, as a plain restart does.
   * The browser page (if any) is reopened on the new process.
   */
  restartPlayground: (options?: { sameChat?: boolean }) => Promise<void>;
  /** The tail of the bot's and the playground's logs, for a failed test. */
  failureLogs: () => string;
  /** Stops everything that was started, in reverse order; resolves with the bot's exit code. Never throws for a piece that is already gone. */
  stop: () => Promise<number | null>;
}

/** Starts the stack; if a piece fails to start, stops the pieces already started and rethrows. */
export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
  let dns: DnsTestServer | undefined;
  let dataDir: string | undefined;
  let bot: BotProcess | undefined;
  let pg: Playground | undefined;
  let browser: Browser | undefined;
  let chat: PlaygroundPage | undefined;

  const startBot = (port?: number) => startBotProcess({
    env: {
      ...(dns ? { COEXIST_DNS_SERVERS: dns.address } : {}),
      ...(dataDir ? { COEXIST_DATA_DIR: dataDir } : {}),
      ...options.env,
      ...(port ? { PORT: String(port) } : {}),
    },
  });

  const stop = async (): Promise<number | null> => {
    await browser?.close();
    await pg?.stop();
    const code = (await bot?.stop()) ?? null;
    await dns?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    return code;
  };

  try {
    if (options.zone) dns = await startDnsServer({ zone: options.zone });
    if (options.dataDirPrefix) dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.dataDirPrefix));
    bot = await startBot();
    pg = await startPlayground({ botEndpoint: bot.endpoint });
    if (options.browser ?? true) {
      browser = await launchBrowser();
      chat = await openPlaygroundPage(browser, pg.url);
      if (options.viewport) await chat.page.setViewportSize(options.viewport);
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  return {
    dns,
    get bot() { return bot!; },
    get pg() { return pg!; },
    browser,
    get chat() { return chat; },
    dataDir,
    restartBot: async () => {
      const port = bot!.port;
      const code = await bot!.stop();
      bot = await startBot(port);
      return code;
    },
    restartPlayground: async (restart = {}) => {
      const { port, chatId } = pg!;
      await chat?.page.context().close();
      await pg!.stop();
      pg = await startPlayground({ botEndpoint: bot!.endpoint, port, ...(restart.sameChat ? { conversationId: chatId } : {}) });
      if (browser) {
        chat = await openPlaygroundPage(browser, pg.url);
        if (options.viewport) await chat.page.setViewportSize(options.viewport);
      }
    },
    failureLogs: () => `--- bot log ---\n${bot?.logs().slice(-4000)}\n--- playground log ---\n${pg?.logs().slice(-2000)}`,
    stop,
  };
}

/**
 * Registers mocha hooks in the calling describe: `before` starts the stack, `afterEach` prints the logs of a failed
 * test, `after` runs `beforeStop` (e.g. closes a browser of the test's own), stops the stack and asserts the bot
 * exited with 0. `handle.stack` throws if read before the `before` hook ran.
 */
export function useE2eStack(options: E2eStackOptions, hooks: { beforeStop?: () => Promise<void> } = {}): { readonly stack: E2eStack } {
  let stack: E2eStack | undefined;
  before(async () => { stack = await startE2eStack(options); });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.error(stack?.failureLogs());
  });
  after(async () => {
    await hooks.beforeStop?.();
    const code = await stack?.stop();
    // Graceful shutdown on SIGTERM is part of the contract: exit code 0, not a kill.
    assert.equal(code, 0, `bot exit code ${code}\n${stack?.bot.logs()}`);
  });
  return {
    get stack() {
      if (!stack) throw new Error('the e2e stack is not started yet (read it inside a test or a later hook)');
      return stack;
    },
  };
}

/**
 * Saves a screenshot of the page (or one element) as test-results/<name>.png, and with UPDATE_SCREENSHOTS=1 also as
 * docs/screenshots/<name>.png.
 */
export async function saveScreenshot(chat: PlaygroundPage, name: string, element?: Locator): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  await chat.screenshot(path.join(RESULTS, `${name}.png`), element);
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    await chat.screenshot(path.join(ROOT, `docs/screenshots/${name}.png`), element);
  }
}
