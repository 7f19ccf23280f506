/**
 * Read-only calls to Microsoft Graph and the Exchange Online Admin API for one tenant, with the wire rules both
 * document: bearer token per resource, the `error` envelope branched on by `error.code` (Learn: "Microsoft Graph
 * error responses and resource types"), 429/503 retried after `Retry-After` ("Microsoft Graph throttling
 * guidance"), collections followed through `@odata.nextLink` unchanged ("Paging Microsoft Graph data"); Exchange's
 * Admin API posts one `CmdletInput` body and pages by posting the same body to `@odata.nextLink`
 * (Learn: "Exchange Online Admin API: get started"). Nothing here writes to a tenant: Graph is only read with GET,
 * and Exchange only with `Get-*` cmdlets from an allow-list. Never throws.
 */
import type { HttpJson, HttpJsonResult } from './http-json';
import type { TokenResource, TokenSource } from './token-source';

export type CloudFailureCode =
  | 'consent-missing' // token refused for this app in this tenant, or 403: a permission or role is not granted
  | 'unauthorized' // 401: token rejected (expired, wrong audience)
  | 'not-found' // 404 Request_ResourceNotFound
  | 'throttled' // still 429/503 after the retries allowed
  | 'invalid-credentials' | 'tenant-not-found'
  | 'network' | 'bad-response';

export interface CloudFailure {
  ok: false;
  code: CloudFailureCode;
  /** HTTP status when there was one. */
  status?: number;
  /** The service's own error code (`Authorization_RequestDenied`), for people and logs; never branched on as text. */
  serviceCode?: string;
  detail: string;
}

export type CloudResult<T> = { ok: true; value: T } | CloudFailure;

export interface CloudClientOptions {
  tokens: TokenSource;
  http: HttpJson;
  /** `https://graph.microsoft.com` (global cloud). */
  graphBaseUrl: string;
  /** `https://outlook.office365.com` (global cloud). */
  exchangeBaseUrl: string;
  /** Retries after 429/503; each waits `Retry-After` (capped by `maxRetryWaitMs`). Default 2. */
  maxRetries?: number;
  maxRetryWaitMs?: number;
  /** Collections longer than this many pages are cut (the proofs need far fewer). Default 20. */
  maxPages?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The Get-* cmdlets the proofs may run, with the Admin API endpoint that accepts each. */
export const EXCHANGE_CMDLETS = {
  'Get-AcceptedDomain': 'AcceptedDomain',
  'Get-OrganizationConfig': 'OrganizationConfig',
  'Get-Mailbox': 'Mailbox',
} as const;
export type ExchangeCmdlet = keyof typeof EXCHANGE_CMDLETS;

export interface CloudClient {
  /** GET one Graph resource (`/v1.0/domains/x`). */
  graphGet(tenantId: string, path: string, headers?: Record<string, string>): Promise<CloudResult<Record<string, unknown>>>;
  /** GET a Graph collection, every page. */
  graphList(tenantId: string, path: string, headers?: Record<string, string>): Promise<CloudResult<Array<Record<string, unknown>>>>;
  /** Runs an allow-listed Get-* cmdlet through the Exchange Online Admin API; every page of `value`. */
  exchange(tenantId: string, cmdlet: ExchangeCmdlet, parameters?: Record<string, string>): Promise<CloudResult<Array<Record<string, unknown>>>>;
}

function failureOf(result: HttpJsonResult): CloudFailure {
  if (result.kind === 'error') return { ok: false, code: 'network', detail: `${result.reason}: ${result.detail}` };
  const envelope = (result.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const serviceCode = typeof envelope?.code === 'string' ? envelope.code : undefined;
  const detail = typeof envelope?.message === 'string' ? envelope.message.slice(0, 300) : `HTTP ${result.status}`;
  const code: CloudFailureCode = result.status === 401 ? 'unauthorized' : result.status === 403 ? 'consent-missing'
    : result.status === 404 ? 'not-found' : result.status === 429 || result.status === 503 ? 'throttled' : 'bad-response';
  return { ok: false, code, status: result.status, ...(serviceCode ? { serviceCode } : {}), detail };
}

/** `Retry-After` in seconds (RFC 9110 10.2.3; Graph sends delay-seconds), as milliseconds. Pure. */
export function retryAfterMs(headers: Record<string, string>, fallbackMs: number): number {
  const value = headers['retry-after'];
  if (value !== undefined && /^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = value !== undefined ? Date.parse(value) : NaN;
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : fallbackMs;
}

/** Creates the client. */
export function createCloudClient(options: CloudClientOptions): CloudClient {
  const maxRetries = options.maxRetries ?? 2;
  const maxWait = options.maxRetryWaitMs ?? 30_000;
  const maxPages = options.maxPages ?? 20;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const graphBase = options.graphBaseUrl.replace(/\/$/, '');
  const exchangeBase = options.exchangeBaseUrl.replace(/\/$/, '');

  const call = async (tenantId: string, resource: TokenResource, method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string): Promise<CloudResult<Record<string, unknown>>> => {
    for (let attempt = 0; ; attempt++) {
      const token = await options.tokens.token(tenantId, resource);
      if (!token.ok) return { ok: false, code: token.code === 'failed' ? 'bad-response' : token.code, detail: token.detail };
      const result = await options.http({ method, url, headers: { ...headers, Authorization: `Bearer ${token.token}` }, ...(body !== undefined ? { body } : {}) });
      if (result.kind === 'response' && result.status >= 200 && result.status < 300) {
        if (typeof result.body !== 'object' || result.body === null || Array.isArray(result.body)) {
          return { ok: false, code: 'bad-response', status: result.status, detail: 'the answer is not a JSON object' };
        }
        return { ok: true, value: result.body as Record<string, unknown> };
      }
      if (result.kind === 'response' && (result.status === 429 || result.status === 503) && attempt < maxRetries) {
        const wait = retryAfterMs(result.headers, 2000 * (attempt + 1));
        if (wait > maxWait) return failureOf(result);
        await sleep(wait);
        continue;
      }
      return failureOf(result);
    }
  };

  const pages = async (first: () => Promise<CloudResult<Record<string, unknown>>>, next: (link: string) => Promise<CloudResult<Record<string, unknown>>>): Promise<CloudResult<Array<Record<string, unknown>>>> => {
    const items: Array<Record<string, unknown>> = [];
    let page = await first();
    for (let n = 1; ; n++) {
      if (!page.ok) return page;
      const value = page.value.value;
      if (!Array.isArray(value)) return { ok: false, code: 'bad-response', detail: 'a collection without "value"' };
      items.push(...(value as Array<Record<string, unknown>>));
      const link = page.value['@odata.nextLink'];
      if (typeof link !== 'string' || n >= maxPages) return { ok: true, value: items };
      page = await next(link);
    }
  };

  const graphUrl = (path: string): string => `${graphBase}${path.startsWith('/') ? '' : '/'}${path}`;
  /** A nextLink must stay on the service it came from; anything else is refused, never followed with our token. */
  const sameOrigin = (link: string, base: string): boolean => {
    try { return new URL(link).origin === new URL(base).origin; } catch { return false; }
  };

  return {
    graphGet: (tenantId, path, headers = {}) => call(tenantId, 'graph', 'GET', graphUrl(path), headers),
    graphList: (tenantId, path, headers = {}) => pages(
      () => call(tenantId, 'graph', 'GET', graphUrl(path), headers),
      (link) => (sameOrigin(link, graphBase) ? call(tenantId, 'graph', 'GET', link, headers) : Promise.resolve({ ok: false, code: 'bad-response', detail: 'nextLink to another host' } as CloudFailure)),
    ),
    exchange: (tenantId, cmdlet, parameters) => {
      const url = `${exchangeBase}/adminapi/v2.0/${encodeURIComponent(tenantId)}/${EXCHANGE_CMDLETS[cmdlet]}`;
      const body = JSON.stringify({ CmdletInput: { CmdletName: cmdlet, ...(parameters ? { Parameters: parameters } : {}) } });
      // The app-only routing hint of the Admin API (Learn: "Exchange Online Admin API: get started").
      const headers = { 'Content-Type': 'application/json', 'X-AnchorMailbox': `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${tenantId}` };
      return pages(
        async () => {
          const page = await call(tenantId, 'exchange', 'POST', url, headers, body);
          // OrganizationConfig answers one object, not a collection.
          return page.ok && !Array.isArray(page.value.value) ? { ok: true, value: { value: [page.value] } } : page;
        },
        (link) => (sameOrigin(link, exchangeBase) ? call(tenantId, 'exchange', 'POST', link, headers, body) : Promise.resolve({ ok: false, code: 'bad-response', detail: 'nextLink to another host' } as CloudFailure)),
      );
    },
  };
}
