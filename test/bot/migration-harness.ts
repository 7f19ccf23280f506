import { createBotLimits, createTurnGuard } from '../../src/bot/turn-guards';
import { registerWelcome } from '../../src/bot/handlers/welcome';
import { createProbeGate } from '../../src/limits/probe-gate';
import type { TurnLimiter } from '../../src/limits/turn-limiter';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { createAdapter } from '../../src/bot/adapter';
import { createBot, type Bot } from '../../src/bot/create-app';
import type { AppDeps } from '../../src/app/deps';
import { storedMigrationType, type StoredMigration } from '../../src/app/migration-record';
import { createMigrationProber, createResolverStrategy } from '../../src/app/prober';
import { registerMigration } from '../../src/bot/handlers/migration';
import { parseConfig } from '../../src/config/config';
import { createRepositories, openStore, type Store } from '../../src/store';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { cardTexts } from './bot-harness';

export const DOMAIN = 'meinefirma.test';
export const MS_VALUE = 'MS=ms48151623';
const MS_INCLUDE = 'include:spf.protection.outlook.com';

/** The domain as the provider set it up: MX and SPF at Strato, nothing for Microsoft 365 yet. */
export function initialZone(domain = DOMAIN): ZoneData {
  return {
    'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all'] },
    'smtp.strato.de': { TXT: ['v=spf1 ip4:81.169.144.0/20 -all'] },
    'smtpin.rzone.de': { A: ['81.169.145.97'] },
    [domain]: { A: ['192.0.2.10'], MX: [{ preference: 10, exchange: 'smtpin.rzone.de' }], TXT: ['v=spf1 include:smtp.strato.de ~all'] },
  };
}

/** What an admin adds in the provider's panel, step by step. */
export const PANEL = {
  verification(dns: DnsTestServer, domain = DOMAIN): void {
    dns.setName(domain, { A: ['192.0.2.10'], MX: [{ preference: 10, exchange: 'smtpin.rzone.de' }], TXT: ['v=spf1 include:smtp.strato.de ~all', MS_VALUE] });
  },
  autodiscover(dns: DnsTestServer, domain = DOMAIN): void {
    dns.setName(`autodiscover.${domain}`, { CNAME: 'autodiscover.outlook.com' });
  },
  spf(dns: DnsTestServer, domain = DOMAIN): void {
    dns.setName(domain, { A: ['192.0.2.10'], MX: [{ preference: 10, exchange: 'smtpin.rzone.de' }], TXT: [`v=spf1 ${MS_INCLUDE} include:smtp.strato.de ~all`, MS_VALUE] });
  },
};

export interface Rig {
  dns: DnsTestServer;
  store: Store;
  deps: AppDeps;
  bot: Bot;
  now: { value: number };
  /** Closes store and resolver (not the DNS server); `reopen` builds a new bot over the same SQLite file. */
  closeBot: () => Promise<void>;
  reopen: () => Promise<Rig>;
  close: () => Promise<void>;
}

export interface RigOptions {
  dns?: DnsTestServer;
  dataDir?: string;
  admins?: string[];
  /** Per DNS query attempt; short so a deliberately silent server costs little. */
  timeoutMs?: number;
  budgetMs?: number;
  /** Wires the rate limits as the composition root does: the turn guard in front of the routes and `deps.limits`. */
  limiter?: TurnLimiter;
}

/** A bot as the composition root builds it, over a SQLite file in a temp dir and a loopback DNS server. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const dns = options.dns ?? (await startDnsServer({ zone: initialZone() }));
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-bot-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dataDir, 'coexist.sqlite') });
  const strategy = createResolverStrategy({ dnsServers: [dns.address], publicResolvers: [], nameserverPort: 53, timeoutMs: options.timeoutMs ?? 1500 });
  const now = { value: Date.UTC(2026, 10, 26, 9, 0) };
  const config = parseConfig({}, '/');
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const deps: AppDeps = {
    store,
    repos: createRepositories(store, storedMigrationType),
    probe: createMigrationProber(strategy.resolverFor, { budgetMs: options.budgetMs ?? 4000 }),
    clock: () => now.value,
    admins: options.admins ?? [],
    devTenantId: 'dev-tenant',
    logger: pino({ level: 'silent' }),
  };
  if (options.limiter) deps.limits = createBotLimits(options.limiter, createProbeGate());
  const bot = createBot({
    adapter: createAdapter(config.config.bot), botAppId: undefined, logger: deps.logger,
    saveReference: async () => undefined, handlers: [registerWelcome(deps), registerMigration(deps)],
    ...(options.limiter ? { beforeTurn: [createTurnGuard({ limiter: options.limiter, logger: deps.logger })] } : {}),
  });
  let closed = false;
  const closeBot = async () => {
    if (closed) return;
    closed = true;
    strategy.close();
    await store.close();
  };
  const rig: Rig = {
    dns, store, deps, bot, now, closeBot,
    reopen: async () => {
      await closeBot();
      const next = await startRig({ ...options, dns, dataDir });
      next.now.value = now.value;
      return next;
    },
    close: async () => {
      await closeBot();
      if (!options.dns) await dns.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}

export interface Person { id: string; name?: string; tenantId?: string; locale?: string; conversationId?: string }
export const ADMIN: Person = { id: 'aad-admin-1', name: 'Anna Admin' };

function base(who: Person): Partial<Activity> {
  return {
    channelId: 'msteams',
    from: { id: `29:${who.id}`, aadObjectId: who.id, name: who.name ?? who.id },
    conversation: { id: who.conversationId ?? 'conv-1', tenantId: who.tenantId ?? 'tenant-a', isGroup: false, conversationType: 'personal', name: '' } as Activity['conversation'],
    locale: who.locale ?? 'en-US',
  };
}

/** One typed message; resolves to every activity the bot sent. */
export async function say(rig: Rig, who: Person, text: string): Promise<Partial<Activity>[]> {
  const adapter = new TestAdapter(rig.bot.handleTurn);
  await adapter.send({ ...base(who), type: 'message', text }).startTest();
  return adapter.activeQueue.splice(0);
}

export interface Click {
  /** The card the invoke answered with (replaces the clicked card). */
  card: Record<string, unknown>;
  status: number;
  /** Messages the bot sent besides the invoke response. */
  sent: Partial<Activity>[];
}

/** One Action.Execute click on a card button; `data` is the button's data plus any form values. */
export async function click(rig: Rig, who: Person, verb: string, data: Record<string, unknown>, replyToId = 'card-1'): Promise<Click> {
  const adapter = new TestAdapter(rig.bot.handleTurn);
  await adapter.send({
    ...base(who), type: 'invoke', name: 'adaptiveCard/action', replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  }).startTest();
  const out = adapter.activeQueue.splice(0);
  const response = out.find((a) => a.type === 'invokeResponse');
  assert.ok(response, `no invoke response for ${verb}: ${JSON.stringify(out).slice(0, 400)}`);
  const value = response.value as { status: number; body: { type: string; value: unknown } };
  assert.equal(value.body.type, 'application/vnd.microsoft.card.adaptive', `answer to ${verb} is not a card: ${JSON.stringify(value.body).slice(0, 300)}`);
  return { card: value.body.value as Record<string, unknown>, status: value.status, sent: out.filter((a) => a.type !== 'invokeResponse') };
}

export function cardsOf(activities: Partial<Activity>[]): Record<string, unknown>[] {
  return activities.flatMap((a) => (a.attachments ?? []).map((x) => x.content as Record<string, unknown>));
}

export function textsOf(activities: Partial<Activity>[]): string[] {
  return activities.flatMap((a) => (typeof a.text === 'string' && a.text !== '' ? [a.text] : []));
}

export function joined(card: unknown): string {
  return cardTexts(card).join('\n');
}

export interface CardButton { title: string; verb: string; data: Record<string, unknown> }

/** Every Action.Execute button of a card (in actions, action sets and nested containers). */
export function buttons(card: unknown): CardButton[] {
  const out: CardButton[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (v.type === 'Action.Execute') out.push({ title: String(v.title), verb: String(v.verb), data: (v.data ?? {}) as Record<string, unknown> });
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The button with this verb (and, when given, data matching `where`); fails the test with the card's buttons. */
export function button(card: unknown, verb: string, where: Record<string, unknown> = {}): CardButton {
  const found = buttons(card).find((b) => b.verb === verb && Object.entries(where).every(([k, v]) => b.data[k] === v));
  assert.ok(found, `no ${verb} ${JSON.stringify(where)} button; buttons: ${JSON.stringify(buttons(card).map((b) => [b.verb, b.title, b.data.stepId]))}`);
  return found;
}

export async function stored(rig: Rig, tenantId = 'tenant-a', domain = DOMAIN): Promise<StoredMigration | undefined> {
  return (await rig.deps.repos.migrations.get(tenantId, domain))?.value;
}
