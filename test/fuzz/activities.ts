/**
 * Generates random and mutated Bot Framework activities for fuzzing `/api/messages`. Deterministic per seed,
 * so a failure can be replayed with the same `seed` and `index`.
 */
import { mulberry32 } from '../support/random';

/** One request to send: the raw body (not always valid JSON, on purpose) and its content type. */
export interface FuzzCase {
  readonly index: number;
  /** How the case was made, e.g. `valid:message-command`, `mutated:invoke-execute[delete value.action]`, `raw:truncated-json`. */
  readonly kind: string;
  readonly body: string;
  readonly contentType: string;
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed?: number;
  /** Where the bot should send replies (point it at the fake connector); mutations may still spoil it. */
  readonly serviceUrl: string;
  /** Share of cases left valid (not mutated), default 0.15. */
  readonly validShare?: number;
}

type Rand = () => number;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));

const commands = ['/status', '/help', '/check', '/reset', '/migrate meinefirma.de', 'status', 'hilfe', '/migrate',
  '/migrate xn--mnchen-3ya.de', '/migrate -', 'Warum kommen Mails an Kollegen zurück?', 'why do mails to colleagues bounce?',
  '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', '/check meinefirma.de extra args'];
const verbs = ['migration.check', 'migration.next', 'migration.back', 'migration.confirm', 'migration.reset', 'migration.start',
  'helpdesk.check', 'reminder.snooze', 'unknown.verb', '', '../../etc/passwd', 'constructor', '__proto__', 'a'.repeat(300)];
const stepIds = ['verify-domain', 'mx', 'autodiscover', 'user-addresses', 'forwarding', 'internal-relay', 'outbound-connector',
  'spf', 'mfa', 'no-such-step', '', '0'];
const invokeNames = ['adaptiveCard/action', 'composeExtension/query', 'task/fetch', 'task/submit', 'signin/verifyState',
  'config/fetch', 'actionableMessage/executeAction', 'fileConsent/invoke', 'unknown/invoke', ''];
const weirdStrings = ['', ' ', '\u0000', '\u202e\u0644\u0627evil', '\ud800', '\udfff\ud800', '😀'.repeat(50), 'Z̸̧̛͓a̷l̶g̵o̴', '\r\n\r\n',
  '**bold** [link](https://evil.example/) <script>alert(1)</script>', '${$root.secret}', '{{user}}', '%s%s%n', '\\', '"', "'; DROP TABLE migrations;--",
  'ＭＩＧＲＡＴＥ', '/status\u200b', '/STATUS', '   /status   ', 'de-DE', 'NaN', 'undefined', 'null', '__proto__', 'constructor', 'toString'];

function base(r: Rand, serviceUrl: string, index: number): Obj {
  const tenant = `tenant-${int(r, 1, 3)}`;
  const user = `user-${int(r, 1, 12)}`;
  return {
    id: `fuzz-${index}`,
    timestamp: new Date(1_767_225_600_000 + index * 1000).toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${user}`, name: 'Fuzz User', aadObjectId: `00000000-0000-0000-0000-0000000000${String(int(r, 10, 99))}` },
    recipient: { id: '28:bot-id', name: 'coexist' },
    conversation: { id: `a:fuzz-${int(r, 1, 24)}`, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    locale: pick(r, ['de-DE', 'en-US', 'de', 'fr-FR', '']),
  };
}

const templates: Record<string, (r: Rand, b: Obj) => Obj> = {
  'message-command': (r, b) => ({ ...b, type: 'message', text: pick(r, commands), textFormat: 'plain' }),
  'message-mention': (r, b) => ({ ...b, type: 'message', text: `<at>coexist</at> ${pick(r, commands)}`,
    entities: [{ type: 'mention', text: '<at>coexist</at>', mentioned: { id: '28:bot-id', name: 'coexist' } }] }),
  'submit': (r, b) => ({ ...b, type: 'message', value: { verb: pick(r, verbs), stepId: pick(r, stepIds), domain: 'meinefirma.de' } }),
  'invoke-execute': (r, b) => ({ ...b, type: 'invoke', name: 'adaptiveCard/action', value: {
    action: { type: 'Action.Execute', verb: pick(r, verbs), data: { stepId: pick(r, stepIds), domain: 'meinefirma.de', txt: 'MS=ms12345678' } },
    trigger: 'manual' }, replyToId: `1:${int(r, 1, 999)}` }),
  'invoke-other': (r, b) => ({ ...b, type: 'invoke', name: pick(r, invokeNames), value: { data: { verb: pick(r, verbs) } } }),
  'conversation-update': (r, b) => ({ ...b, type: 'conversationUpdate', membersAdded: [{ id: pick(r, ['28:bot-id', '29:user-1']) }],
    ...(r() < 0.3 ? { membersRemoved: [{ id: '28:bot-id' }] } : {}) }),
  'installation-update': (r, b) => ({ ...b, type: 'installationUpdate', action: pick(r, ['add', 'remove', 'add-upgrade', 'remove-upgrade']) }),
  'reaction': (r, b) => ({ ...b, type: 'messageReaction', reactionsAdded: [{ type: pick(r, ['like', 'heart']) }], replyToId: '1:1' }),
  'typing': (_r, b) => ({ ...b, type: 'typing' }),
  'event': (r, b) => ({ ...b, type: 'event', name: pick(r, ['application/vnd.microsoft.meetingStart', 'tokens/response', 'x']), value: {} }),
};

function randomJson(r: Rand, depth: number): Json {
  const k = depth > 3 ? int(r, 0, 4) : int(r, 0, 6);
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return pick(r, [0, -1, 1e308, -0, 2 ** 53 + 1, 0.1, 42]);
    case 3: return pick(r, weirdStrings);
    case 4: return 'x'.repeat(int(r, 0, 64));
    case 5: return Array.from({ length: int(r, 0, 4) }, () => randomJson(r, depth + 1));
    default: {
      const o: Obj = {};
      for (let i = int(r, 0, 4); i > 0; i--) o[pick(r, ['type', 'text', 'value', 'verb', 'data', 'id', 'action', '__proto__', 'x'])] = randomJson(r, depth + 1);
      return o;
    }
  }
}

function paths(value: Json, prefix: string[] = [], out: string[][] = [], depth = 0): string[][] {
  if (value && typeof value === 'object' && depth < 6) {
    for (const [key, child] of Object.entries(value)) {
      const p = [...prefix, key];
      out.push(p);
      paths(child, p, out, depth + 1);
    }
  }
  return out;
}

function setAt(root: Obj, path: string[], value: Json | undefined): void {
  let node: Json = root;
  for (const key of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return;
    node = (node as Obj)[key] as Json;
  }
  if (!node || typeof node !== 'object') return;
  const last = path[path.length - 1]!;
  if (value === undefined) delete (node as Obj)[last];
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}

function deepNest(depth: number): Json {
  let v: Json = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

const mutations: Record<string, (r: Rand, a: Obj) => string> = {
  'delete': (r, a) => { const all = paths(a); if (all.length === 0) return 'noop'; const p = pick(r, all); setAt(a, p, undefined); return `delete ${p.join('.')}`; },
  'wrong-type': (r, a) => { const all = paths(a); if (all.length === 0) return 'noop'; const p = pick(r, all); setAt(a, p, randomJson(r, 2)); return `retype ${p.join('.')}`; },
  'huge-string': (r, a) => { const p = pick(r, [['text'], ['from', 'id'], ['conversation', 'id'], ['value', 'action', 'verb'], ['name'], ['locale']]);
    const size = r() < 0.1 ? int(r, 300_000, 600_000) : int(r, 5_000, 120_000);
    setAt(a, p, pick(r, ['a', 'ä', '😀', '*', '$']).repeat(size)); return `huge ${p.join('.')} (${size})`; },
  'unicode': (r, a) => { const p = pick(r, [['text'], ['value', 'domain'], ['value', 'action', 'data', 'domain'], ['from', 'name'], ['locale']]);
    setAt(a, p, Array.from({ length: int(r, 1, 4) }, () => pick(r, weirdStrings)).join('')); return `unicode ${p.join('.')}`; },
  'nested-junk': (r, a) => { const p = pick(r, [['value'], ['channelData'], ['entities'], ['attachments'], ['value', 'action', 'data']]);
    setAt(a, p, r() < 0.2 ? deepNest(int(r, 200, 3000)) : randomJson(r, 0)); return `nest ${p.join('.')}`; },
  'type': (r, a) => { a.type = pick(r, ['message', 'invoke', 'MESSAGE', 'endOfConversation', 'handoff', 'trace', 'delete', 'suggestion', '', 'x'.repeat(500)]); return `type ${String(a.type).slice(0, 20)}`; },
  'proto': (_r, a) => { setAt(a, ['__proto__'], { isAdmin: true, type: 'message' });
    setAt(a, ['constructor'], { prototype: { polluted: true } }); return 'proto-keys'; },
  'service-url': (r, a) => { a.serviceUrl = pick(r, ['', 'not a url', 'http://127.0.0.1:1/', 'file:///etc/passwd', 'javascript:alert(1)', null, 42]) as Json; return 'serviceUrl'; },
  'unknown-verb': (r, a) => { a.type = 'invoke'; a.name = 'adaptiveCard/action';
    a.value = { action: { type: pick(r, ['Action.Execute', 'Action.Submit', 'x']), verb: `x.${int(r, 0, 1e6)}`, data: randomJson(r, 1) } }; return 'unknown-verb'; },
};

const rawCases: Record<string, (r: Rand, valid: string) => [string, string]> = {
  'truncated-json': (r, v) => [v.slice(0, int(r, 0, Math.max(0, v.length - 1))), 'application/json'],
  'not-object': (r) => [pick(r, ['null', '[]', '"message"', '1', 'true', '[{"type":"message"}]']), 'application/json'],
  'empty': () => ['', 'application/json'],
  'garbage': (r) => [Array.from({ length: int(r, 1, 200) }, () => String.fromCharCode(int(r, 0, 0xffff))).join(''), 'application/json'],
  'bom': (_r, v) => [`\ufeff${v}`, 'application/json'],
  'wrong-content-type': (r, v) => [v, pick(r, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml'])],
  'duplicate-keys': (_r, v) => [v.replace(/^\{/, '{"type":"invoke","type":"message",'), 'application/json'],
  'oversized': (r) => [JSON.stringify({ type: 'message', text: 'x'.repeat(int(r, 1_100_000, 2_000_000)) }), 'application/json'],
};

/** Yields `count` cases. Deterministic for a given seed. */
export function* generateActivities(options: GenerateOptions): Generator<FuzzCase> {
  const r = mulberry32(options.seed ?? 1);
  const validShare = options.validShare ?? 0.15;
  const templateNames = Object.keys(templates);
  for (let index = 0; index < options.count; index++) {
    const name = pick(r, templateNames);
    const activity = templates[name]!(r, base(r, options.serviceUrl, index));
    const roll = r();
    if (roll < validShare) {
      yield { index, kind: `valid:${name}`, body: JSON.stringify(activity), contentType: 'application/json' };
    } else if (roll < 0.82) {
      const applied: string[] = [];
      for (let n = int(r, 1, 3); n > 0; n--) {
        const name = pick(r, Object.keys(mutations));
        try { applied.push(mutations[name]!(r, activity)); } catch { applied.push(`${name}:skipped`); }
      }
      yield { index, kind: `mutated:${name}[${applied.join('; ')}]`, body: JSON.stringify(activity), contentType: 'application/json' };
    } else if (roll < 0.9) {
      const junk = randomJson(r, 0);
      yield { index, kind: 'random', body: JSON.stringify(junk), contentType: 'application/json' };
    } else {
      const rawName = pick(r, Object.keys(rawCases));
      const [body, contentType] = rawCases[rawName]!(r, JSON.stringify(activity));
      yield { index, kind: `raw:${rawName}`, body, contentType };
    }
  }
}
