/**
 * App-only access tokens for one customer tenant at a time, by the OAuth 2.0 client credentials grant of the
 * Microsoft identity platform (Learn: "Microsoft identity platform and the OAuth 2.0 client credentials flow"),
 * through @azure/msal-node. One MSAL client per tenant, each with its own token cache, so one tenant's token is
 * never used for another. The secret or certificate comes from configuration and is never logged or stored.
 */
import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import type { HttpJson } from './http-json';

export type TenantCredential =
  | { kind: 'secret'; secret: string }
  /** PEM private key of the certificate registered on the app, and its SHA-256 thumbprint (hex). */
  | { kind: 'certificate'; privateKey: string; thumbprintSha256: string };

export type TokenResource = 'graph' | 'exchange';

export type TokenResult =
  | { ok: true; token: string }
  /** `consent-missing`: the app is not in the tenant (AADSTS700016) — an admin has not consented yet. */
  | { ok: false; code: 'consent-missing' | 'invalid-credentials' | 'tenant-not-found' | 'network' | 'failed'; detail: string };

export interface TokenSourceOptions {
  clientId: string;
  credential: TenantCredential;
  /** `https://login.microsoftonline.com` in the global cloud; another host in a national cloud or a test. */
  authorityHost: string;
  /** Base URLs whose `/.default` scope is asked for, per resource. */
  resources: Record<TokenResource, string>;
  http: HttpJson;
}

export interface TokenSource {
  /** A valid token for `resource` in `tenantId`, from the cache while it is valid. Never rejects. */
  token(tenantId: string, resource: TokenResource): Promise<TokenResult>;
}

function networkModule(http: HttpJson): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const result = await http({ method, url, ...(options?.headers ? { headers: options.headers } : {}), ...(options?.body !== undefined ? { body: options.body } : {}) });
    if (result.kind === 'error') throw new Error(`network: ${result.reason} (${result.detail})`);
    return { status: result.status, headers: result.headers, body: (result.body ?? {}) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** Maps an MSAL failure to a code by its AADSTS number or error code, never by its message text. */
function classify(error: unknown): TokenResult {
  const e = error as { errorCode?: string; errorMessage?: string; message?: string; subError?: string };
  const text = `${e.errorCode ?? ''} ${e.errorMessage ?? e.message ?? ''}`;
  const detail = (e.errorMessage ?? e.message ?? String(error)).split(/\r?\n/)[0]!.slice(0, 200);
  if (/AADSTS700016\b|AADSTS650051\b|AADSTS65001\b/.test(text)) return { ok: false, code: 'consent-missing', detail };
  if (/AADSTS7000215\b|AADSTS7000222\b|AADSTS700027\b|AADSTS700024\b|invalid_client/.test(text)) return { ok: false, code: 'invalid-credentials', detail };
  if (/AADSTS90002\b|AADSTS900023\b/.test(text)) return { ok: false, code: 'tenant-not-found', detail };
  if (/^\s*network: |endpoints_resolution_error|ECONNREFUSED|ETIMEDOUT/.test(text)) return { ok: false, code: 'network', detail };
  return { ok: false, code: 'failed', detail };
}

/** A tenant id (GUID) or one of its domains: letters, digits, dots and hyphens only, as it goes into the authority URL. */
const TENANT_ID = /^[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?$/i;

/** Creates the token source; no network traffic until the first `token()` call. */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const host = new URL(options.authorityHost).host;
  const clients = new LRUCache<string, ConfidentialClientApplication>({ max: 500 });
  const network = networkModule(options.http);
  const clientFor = (tenantId: string): ConfidentialClientApplication => {
    let client = clients.get(tenantId);
    if (!client) {
      const auth: Configuration['auth'] = {
        clientId: options.clientId,
        authority: `${options.authorityHost.replace(/\/$/, '')}/${tenantId}`,
        knownAuthorities: [host],
        ...(options.credential.kind === 'secret'
          ? { clientSecret: options.credential.secret }
          : { clientCertificate: { thumbprintSha256: options.credential.thumbprintSha256, privateKey: options.credential.privateKey } }),
      };
      client = new ConfidentialClientApplication({ auth, system: { networkClient: network } });
      clients.set(tenantId, client);
    }
    return client;
  };
  return {
    async token(tenantId, resource) {
      if (!TENANT_ID.test(tenantId)) return { ok: false, code: 'tenant-not-found', detail: 'not a tenant id or domain' };
      try {
        const scope = `${options.resources[resource].replace(/\/$/, '')}/.default`;
        const result = await clientFor(tenantId.toLowerCase()).acquireTokenByClientCredential({ scopes: [scope] });
        if (!result?.accessToken) return { ok: false, code: 'failed', detail: 'no access token in the answer' };
        return { ok: true, token: result.accessToken };
      } catch (error) {
        return classify(error);
      }
    },
  };
}
