/**
 * Checks on a POST /api/messages request before any of it reaches the Bot Framework adapter: content type, body
 * size, JSON syntax and the shape of an activity. botbuilder answers 500 to much of this (a missing `serviceUrl`
 * even makes it fall back to api.botframework.com), so the server rejects it here with a 4xx and a JSON error body.
 * Everything in this file is pure except {@link readBody}, which reads the request stream.
 */
import type { IncomingMessage } from 'node:http';

/** A rejected request: the HTTP status and a short, safe explanation (never echoes the body). */
export interface RequestRejection {
  readonly status: 400 | 401 | 413 | 415 | 503;
  readonly code: string;
  readonly message: string;
}

/** Largest accepted body. Teams activities are a few KB; a pasted NDR or a big card submit stays far below. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** Deepest accepted JSON nesting: deeper input would only exercise recursive code (stack overflows), never Teams. */
export const MAX_JSON_DEPTH = 64;

const MAX_ID_LENGTH = 1024;

/** The JSON error body the server sends with a rejection. Pure. */
export function rejectionBody(rejection: RequestRejection): { error: { code: string; message: string } } {
  return { error: { code: rejection.code, message: rejection.message } };
}

/** `application/json`, optionally with parameters such as `charset=utf-8`; anything else is 415. Pure. */
export function checkContentType(header: string | undefined): RequestRejection | undefined {
  const mediaType = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') return undefined;
  return { status: 415, code: 'UnsupportedMediaType', message: 'POST /api/messages takes application/json (a Bot Framework activity).' };
}

export type BodyRead = { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'rejected'; readonly rejection: RequestRejection };

function tooLarge(limit: number): RequestRejection {
  return { status: 413, code: 'PayloadTooLarge', message: `The request body is larger than ${limit} bytes.` };
}

/**
 * Reads the request body as UTF-8 up to `limitBytes`. A larger body (by Content-Length or as it streams) is
 * `too large` at once; the rest is drained and discarded, so the 413 can still reach the client. Never rejects.
 */
export function readBody(request: IncomingMessage, limitBytes: number = DEFAULT_MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    let settled = false;
    const finish = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    if (Number.isFinite(declared) && declared > limitBytes) {
      request.resume();
      finish({ kind: 'rejected', rejection: tooLarge(limitBytes) });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limitBytes) {
        chunks.length = 0;
        finish({ kind: 'rejected', rejection: tooLarge(limitBytes) });
        return;
      }
      chunks.push(chunk);
    });
    // A Teams activity usually arrives in one chunk: decode it where it is instead of copying it first.
    request.on('end', () => finish({ kind: 'ok', text: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8') }));
    request.on('error', () => finish({ kind: 'rejected', rejection: { status: 400, code: 'BadRequest', message: 'The request body could not be read.' } }));
    request.on('aborted', () => finish({ kind: 'rejected', rejection: { status: 400, code: 'BadRequest', message: 'The request was aborted.' } }));
  });
}

/** The fields of an activity the bot relies on, after {@link parseActivityBody} checked them. */
export interface CheckedActivity {
  readonly type: string;
  readonly serviceUrl: string;
  readonly [key: string]: unknown;
}

export type ActivityParse = { readonly ok: true; readonly activity: CheckedActivity } | { readonly ok: false; readonly rejection: RequestRejection };

const bad = (message: string): ActivityParse => ({ ok: false, rejection: { status: 400, code: 'BadRequest', message } });

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Nesting depth of parsed JSON, counted iteratively (recursion is what a deep body would attack). Stops past `limit`. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * False when `text` has at most `limit` opening brackets (`{`, `[`) in all, counting those inside strings too: then
 * no value parsed from it can be nested deeper than `limit`. A few native `indexOf` scans instead of a walk over
 * every parsed value (a Teams activity has a few dozen brackets at most). True says only "may exceed". Pure.
 */
export function bracketCountExceeds(text: string, limit: number): boolean {
  let count = 0;
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) if (++count > limit) return true;
  for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) if (++count > limit) return true;
  return false;
}

/** True for an absolute http(s) URL without credentials: where replies may go. Pure. */
export function isServiceUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.hostname !== '';
}

function checkAccount(activity: Record<string, unknown>, field: 'from' | 'recipient' | 'conversation'): string | undefined {
  const account = activity[field];
  if (!isObject(account)) return `"${field}" must be an object with an "id".`;
  if (typeof account.id !== 'string' || account.id === '' || account.id.length > MAX_ID_LENGTH) return `"${field}.id" must be a non-empty string.`;
  return undefined;
}

const OPTIONAL_STRINGS: ReadonlyArray<readonly [string, number]> = [
  ['id', MAX_ID_LENGTH], ['channelId', 64], ['name', 256], ['locale', 64], ['replyToId', MAX_ID_LENGTH], ['textFormat', 32], ['text', Infinity],
];

/**
 * The two places Teams names the tenant of an activity (`conversation.tenantId` and `channelData.tenant.id`). Both
 * come from Teams and agree; an activity where they differ is forged or broken, and the bot keys its data by tenant,
 * so it is refused rather than guessed. Absent or non-string values are undefined. Pure.
 */
export function tenantIdsOf(activity: Record<string, unknown>): { conversation: string | undefined; channelData: string | undefined } {
  const conversation = isObject(activity.conversation) ? activity.conversation.tenantId : undefined;
  const channelData = isObject(activity.channelData) && isObject(activity.channelData.tenant) ? activity.channelData.tenant.id : undefined;
  return {
    conversation: typeof conversation === 'string' && conversation !== '' ? conversation : undefined,
    channelData: typeof channelData === 'string' && channelData !== '' ? channelData : undefined,
  };
}

/**
 * Longest message text the bot reads, in UTF-16 code units (how Teams counts). Teams lets a person send about 28 KB
 * of text; anything longer did not come from the Teams compose box, and matching commands and helpdesk intents over
 * it would only cost time. The turn guard (src/bot/turn-guards.ts) answers such a text with a short refusal, before any matching.
 */
export const MAX_MESSAGE_TEXT_CHARS = 28_000;

/** True when `text` is longer than {@link MAX_MESSAGE_TEXT_CHARS}. Pure. */
export function messageTextTooLong(text: unknown): boolean {
  return typeof text === 'string' && text.length > MAX_MESSAGE_TEXT_CHARS;
}

/**
 * Parses a request body into an activity the adapter can take: a JSON object (a leading BOM is ignored, RFC 8259
 * section 8.1) with a `type` name, an http(s) `serviceUrl`, and `from`, `recipient` and `conversation` with ids; the
 * usual optional fields, when present, have the right types. Pure; never throws.
 */
export function parseActivityBody(text: string): ActivityParse {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') return bad('The request body is empty; send a Bot Framework activity as JSON.');
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return bad('The request body is not valid JSON.');
  }
  if (!isObject(value)) return bad('The request body must be a JSON object (a Bot Framework activity).');
  if (bracketCountExceeds(source, MAX_JSON_DEPTH) && jsonDepthExceeds(value, MAX_JSON_DEPTH)) return bad(`The activity is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  if (typeof value.type !== 'string' || !/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(value.type)) return bad('"type" must be an activity type such as "message" or "invoke".');
  if (!isServiceUrl(value.serviceUrl)) return bad('"serviceUrl" must be an absolute http(s) URL.');
  for (const field of ['from', 'recipient', 'conversation'] as const) {
    const problem = checkAccount(value, field);
    if (problem) return bad(problem);
  }
  for (const [field, max] of OPTIONAL_STRINGS) {
    const v = value[field];
    if (v !== undefined && v !== null && (typeof v !== 'string' || v.length > max)) return bad(`"${field}" must be a string${Number.isFinite(max) ? ` of at most ${max} characters` : ''}.`);
  }
  for (const field of ['entities', 'attachments', 'membersAdded', 'membersRemoved', 'reactionsAdded', 'reactionsRemoved']) {
    const v = value[field];
    if (v !== undefined && v !== null && (!Array.isArray(v) || !v.every(isObject))) return bad(`"${field}" must be an array of objects.`);
  }
  if (value.channelData !== undefined && value.channelData !== null && !isObject(value.channelData)) return bad('"channelData" must be an object.');
  const tenants = tenantIdsOf(value);
  if (tenants.conversation !== undefined && tenants.channelData !== undefined && tenants.conversation !== tenants.channelData) {
    return { ok: false, rejection: { status: 400, code: 'TenantMismatch', message: '"conversation.tenantId" and "channelData.tenant.id" name different tenants.' } };
  }
  return { ok: true, activity: value as CheckedActivity };
}

/** What the server knows when checking a bearer token before handing it to botbuilder's full validation. */
export interface BearerExpectation {
  /** The bot's Microsoft App ID: the token's audience. */
  readonly appId: string;
  /** Seconds since the epoch. */
  readonly nowSeconds: number;
  /** Allowed clock skew, seconds (botbuilder allows 5 minutes). */
  readonly skewSeconds?: number;
}

// Issuers of tokens the Bot Framework channels send (botframework-connector's AuthenticationConstants,
// including the Entra v1/v2 issuers a single-tenant or managed-identity bot sees).
const ISSUER = /^(https:\/\/api\.botframework\.com|https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/|https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0)$/i;

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cheap first look at the Authorization header when a bot id is configured: a Bearer JWT signed with RS256,
 * for this bot (audience), from a Bot Framework issuer, not expired. It does NOT check the signature: a token
 * that passes still goes through botbuilder's validation. What fails here is rejected (401) without botbuilder
 * fetching any signing keys. Pure; never throws.
 */
export function precheckBearer(header: string | undefined, expect: BearerExpectation): RequestRejection | undefined {
  const unauthorized = (message: string): RequestRejection => ({ status: 401, code: 'Unauthorized', message });
  const match = /^Bearer ([^.\s]+)\.([^.\s]+)\.([^.\s]+)$/.exec((header ?? '').trim());
  if (!match) return unauthorized('A Bot Framework bearer token is required.');
  const head = decodeSegment(match[1]!);
  const claims = decodeSegment(match[2]!);
  if (!head || !claims) return unauthorized('The bearer token is not a JWT.');
  if (head.alg !== 'RS256' || typeof head.kid !== 'string') return unauthorized('The bearer token is not signed as the Bot Framework signs.');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expect.appId)) return unauthorized('The bearer token is not for this bot.');
  if (typeof claims.iss !== 'string' || !ISSUER.test(claims.iss)) return unauthorized('The bearer token was not issued by the Bot Framework.');
  const skew = expect.skewSeconds ?? 300;
  if (typeof claims.exp !== 'number' || claims.exp + skew < expect.nowSeconds) return unauthorized('The bearer token has expired.');
  if (typeof claims.nbf === 'number' && claims.nbf - skew > expect.nowSeconds) return unauthorized('The bearer token is not valid yet.');
  return undefined;
}
