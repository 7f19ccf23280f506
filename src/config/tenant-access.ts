import path from 'node:path';

/**
 * Read-only access to customers' Microsoft 365 tenants (Graph and the Exchange Online Admin API), optional.
 * Without COEXIST_TENANT_APP_ID everything works with manual confirmation. Secrets are kept in the frozen
 * config only, never in the store or logs.
 */
export interface TenantAccessConfig {
  /** Client id of the multi-tenant Entra app that customers' admins consent to. */
  readonly appId: string;
  readonly credential:
    | { readonly kind: 'secret'; readonly secret: string }
    /** PEM file with the certificate and its private key, read at start. */
    | { readonly kind: 'certificate'; readonly file: string };
  readonly authorityHost: string;
  readonly graphUrl: string;
  readonly exchangeUrl: string;
  /** Extra trusted CA certificates (PEM file), e.g. a TLS-inspecting proxy; never a switch to skip verification. */
  readonly caFile: string | undefined;
  /** Where Entra sends the admin back after consent; must be registered on the app. */
  readonly consentRedirectUri: string | undefined;
}

export const TENANT_ACCESS_VARIABLES: ReadonlyArray<{ name: string; default: string; description: string }> = [
  { name: 'COEXIST_TENANT_APP_ID', default: '(empty: no tenant access)', description: 'Client id of the multi-tenant Entra app a customer admin consents to with /connect (read-only permissions, see docs/tenant-proofs.md). Empty: steps without DNS proof are confirmed by the admin.' },
  { name: 'COEXIST_TENANT_APP_SECRET', default: '(empty)', description: 'Client secret of that app (keep it in env/.env.<env>.user); or use COEXIST_TENANT_APP_CERTIFICATE.' },
  { name: 'COEXIST_TENANT_APP_CERTIFICATE', default: '(empty)', description: 'PEM file with the certificate registered on that app and its private key (preferred over a secret).' },
  { name: 'COEXIST_AUTHORITY_HOST', default: 'https://login.microsoftonline.com', description: 'Entra sign-in host (another for national clouds).' },
  { name: 'COEXIST_GRAPH_URL', default: 'https://graph.microsoft.com', description: 'Microsoft Graph base URL (another for national clouds); also the token scope.' },
  { name: 'COEXIST_EXCHANGE_URL', default: 'https://outlook.office365.com', description: 'Exchange Online Admin API base URL (another for national clouds); also the token scope.' },
  { name: 'COEXIST_TENANT_CA_FILE', default: '(empty)', description: 'PEM file of extra CA certificates trusted for those hosts (a TLS-inspecting proxy, tests). TLS is always verified.' },
  { name: 'COEXIST_CONSENT_REDIRECT_URI', default: '(empty)', description: 'Redirect URI registered on the app, sent with the admin-consent link of /connect.' },
];

function isHttpsUrl(text: string): boolean {
  try { return new URL(text).protocol === 'https:'; } catch { return false; }
}

/** Validates the tenant-access settings. Pure; pushes one message per problem, naming the fix. */
export function parseTenantAccess(env: Readonly<Record<string, string | undefined>>, cwd: string, errors: string[]): TenantAccessConfig | undefined {
  const get = (name: string): string | undefined => { const v = env[name]?.trim(); return v ? v : undefined; };
  const appId = get('COEXIST_TENANT_APP_ID');
  const secret = get('COEXIST_TENANT_APP_SECRET');
  const certificate = get('COEXIST_TENANT_APP_CERTIFICATE');
  const urls = {
    authorityHost: get('COEXIST_AUTHORITY_HOST') ?? 'https://login.microsoftonline.com',
    graphUrl: get('COEXIST_GRAPH_URL') ?? 'https://graph.microsoft.com',
    exchangeUrl: get('COEXIST_EXCHANGE_URL') ?? 'https://outlook.office365.com',
  };
  const names = { authorityHost: 'COEXIST_AUTHORITY_HOST', graphUrl: 'COEXIST_GRAPH_URL', exchangeUrl: 'COEXIST_EXCHANGE_URL' } as const;
  for (const key of Object.keys(urls) as Array<keyof typeof urls>) {
    if (!isHttpsUrl(urls[key])) errors.push(`${names[key]}=${urls[key]} is not an https URL: tokens are only ever sent over TLS.`);
  }
  const redirect = get('COEXIST_CONSENT_REDIRECT_URI');
  if (redirect !== undefined && !isHttpsUrl(redirect)) errors.push(`COEXIST_CONSENT_REDIRECT_URI=${redirect} is not an https URL: Entra redirects only to registered https URIs.`);
  if (appId === undefined) {
    if (secret !== undefined || certificate !== undefined) errors.push('COEXIST_TENANT_APP_SECRET or _CERTIFICATE is set but COEXIST_TENANT_APP_ID is empty: set the app\'s client id, or remove the credential.');
    return undefined;
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) errors.push(`COEXIST_TENANT_APP_ID=${appId} is not a GUID: copy the Application (client) ID of the Entra app.`);
  if ((secret === undefined) === (certificate === undefined)) {
    errors.push('COEXIST_TENANT_APP_ID needs exactly one credential: COEXIST_TENANT_APP_CERTIFICATE (a PEM file, preferred) or COEXIST_TENANT_APP_SECRET.');
  }
  const caFile = get('COEXIST_TENANT_CA_FILE');
  return {
    appId,
    credential: certificate !== undefined ? { kind: 'certificate', file: path.resolve(cwd, certificate) } : { kind: 'secret', secret: secret ?? '' },
    ...urls,
    caFile: caFile === undefined ? undefined : path.resolve(cwd, caFile),
    consentRedirectUri: redirect,
  };
}

/**
 * The admin-consent link for one tenant (Learn: "Admin consent on the Microsoft identity platform", v2 form
 * with the `/.default` scope, so the consent covers exactly the permissions registered on the app). Pure.
 */
export function adminConsentUrl(access: Pick<TenantAccessConfig, 'appId' | 'authorityHost' | 'graphUrl' | 'consentRedirectUri'>, tenantId: string, state: string): string {
  const url = new URL(`${access.authorityHost.replace(/\/$/, '')}/${encodeURIComponent(tenantId)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', access.appId);
  url.searchParams.set('scope', `${access.graphUrl.replace(/\/$/, '')}/.default`);
  if (access.consentRedirectUri) url.searchParams.set('redirect_uri', access.consentRedirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}
