/**
 * A loopback stand-in for the parts of Microsoft's cloud the tenant proofs read, over HTTPS with a test CA. It
 * reproduces the documented wire formats, not behaviour beyond them:
 * - identity platform: OpenID configuration and the v2.0 token endpoint, client credentials grant
 *   (Learn: "Microsoft identity platform and the OAuth 2.0 client credentials flow": form body, one `/.default`
 *   scope, 200 `{token_type, expires_in, access_token}`, 400/401 `{error, error_description, error_codes, …}`);
 * - Microsoft Graph v1.0: `GET /domains` ("List domains"), `GET /domains/{id}`, `/verificationDnsRecords`, `/serviceConfigurationRecords`,
 *   `GET /users/{id}?$select=…` (Learn: "Get domain", "List verificationDnsRecords", "List
 *   serviceConfigurationRecords", "Get user": proxyAddresses/assignedPlans/provisionedPlans only on $select),
 *   the `error` envelope ("Microsoft Graph error responses"), 429 + `Retry-After` ("throttling guidance"),
 *   `@odata.nextLink` paging ("Paging Microsoft Graph data");
 * - Exchange Online Admin API: `POST /adminapi/v2.0/{tenantId}/AcceptedDomain` with a `CmdletInput` body
 *   (Learn: "Exchange Online Admin API: AcceptedDomain endpoint"), `value[]` and paging by the same body.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { makeTestCertificates } from './test-ca';

export interface FakeUser {
  userPrincipalName: string;
  mail?: string;
  proxyAddresses: string[];
  assignedPlans?: Array<Record<string, unknown>>;
  provisionedPlans?: Array<Record<string, unknown>>;
}

export interface FakeTenant {
  /** false: the app was never consented here; the token endpoint answers AADSTS700016. */
  consented: boolean;
  /** Graph answers 403 Authorization_RequestDenied (the permission is missing). */
  graphForbidden?: boolean;
  /** Exchange answers 403 (no RBAC role on the service principal). */
  exchangeForbidden?: boolean;
  domains: Record<string, { isVerified: boolean; isAdminManaged?: boolean; txt: string; mailExchange: string }>;
  users: FakeUser[];
  acceptedDomains: Array<{ DomainName: string; DomainType: string; Default?: boolean }>;
  /** The Admin API after its preview: DomainType is not returned. */
  exchangeWithoutDomainType?: boolean;
}

export interface MicrosoftCloudFake {
  /** `https://127.0.0.1:<port>`: the authority host; Graph and Exchange also answer at this root. */
  url: string;
  /** `<url>/graph` and `<url>/exchange`: base URLs whose `/.default` scopes the token endpoint tells apart. */
  graphUrl: string;
  exchangeUrl: string;
  caPem: string;
  clientId: string;
  clientSecret: string;
  tenants: Record<string, FakeTenant>;
  /** Every request: method, path with query, and the tenant a token was issued for. */
  requests: Array<{ method: string; path: string }>;
  /** The next N Graph requests answer 429 with this Retry-After (seconds). */
  throttle(count: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

const GRAPH = 'https://graph.microsoft.com';
const EXCHANGE = 'https://outlook.office365.com';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; odata.metadata=minimal', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function graphError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  send(res, status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': 'fake', 'client-request-id': 'fake' } } }, headers);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Starts the fake on 127.0.0.1 with a fresh test CA. */
export async function startMicrosoftCloudFake(tenants: Record<string, FakeTenant>): Promise<MicrosoftCloudFake> {
  const certs = makeTestCertificates(['127.0.0.1', 'localhost']);
  const clientId = '11111111-2222-3333-4444-555555555555';
  const clientSecret = 'fake-secret-value';
  const tokens = new Map<string, { tenant: string; audience: string }>();
  const requests: MicrosoftCloudFake['requests'] = [];
  let throttleLeft = 0;
  let throttleSeconds = 1;
  let issued = 0;
  let base = '';

  const tokenOf = (req: IncomingMessage, audience: string): string | undefined => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const t = m ? tokens.get(m[1]!) : undefined;
    return t && t.audience === audience ? t.tenant : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}` });
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'graph' || parts[0] === 'exchange') parts.shift();

    // Identity platform: /{tenant}/v2.0/.well-known/openid-configuration and /{tenant}/oauth2/v2.0/token
    if (parts[1] === 'v2.0' && parts[2] === '.well-known' && parts[3] === 'openid-configuration') {
      const t = parts[0]!;
      send(res, 200, {
        token_endpoint: `${base}/${t}/oauth2/v2.0/token`, authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
        issuer: `${base}/${t}/v2.0`, end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`, jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'token'],
      });
      return;
    }
    if (parts[1] === 'oauth2' && parts[2] === 'v2.0' && parts[3] === 'token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const tenant = tenants[parts[0]!];
      const error = (status: number, code: string, aadsts: number, text: string): void => send(res, status, {
        error: code, error_description: `AADSTS${aadsts}: ${text} Trace ID: fake Correlation ID: fake Timestamp: ${new Date().toISOString()}`,
        error_codes: [aadsts], timestamp: new Date().toISOString(), trace_id: 'fake', correlation_id: 'fake',
      });
      const scope = form.get('scope') ?? '';
      const audience = [`${GRAPH}/.default`, `${base}/graph/.default`].includes(scope) ? GRAPH
        : [`${EXCHANGE}/.default`, `${base}/exchange/.default`].includes(scope) ? EXCHANGE : undefined;
      if (form.get('grant_type') !== 'client_credentials' || !audience) { error(400, 'invalid_scope', 70011, 'The provided value for the input parameter scope is not valid.'); return; }
      if (!tenant) { error(400, 'invalid_request', 90002, `Tenant '${parts[0]}' not found.`); return; }
      if (form.get('client_id') !== clientId || !tenant.consented) {
        error(400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id')}' was not found in the directory '${parts[0]}'.`);
        return;
      }
      if (form.get('client_secret') !== clientSecret) { error(401, 'invalid_client', 7000215, 'Invalid client secret provided.'); return; }
      const token = `fake-token-${++issued}`;
      tokens.set(token, { tenant: parts[0]!, audience });
      send(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      return;
    }

    // Microsoft Graph v1.0
    if (parts[0] === 'v1.0') {
      const tenantId = tokenOf(req, GRAPH);
      if (!tenantId) { graphError(res, 401, 'InvalidAuthenticationToken', 'Access token validation failure.'); return; }
      if (throttleLeft > 0) { throttleLeft--; graphError(res, 429, 'TooManyRequests', 'Too many requests.', { 'Retry-After': String(throttleSeconds) }); return; }
      const tenant = tenants[tenantId]!;
      if (tenant.graphForbidden) { graphError(res, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'); return; }
      if (parts[1] === 'domains' && !parts[2]) {
        send(res, 200, { '@odata.context': `${GRAPH}/v1.0/$metadata#domains`, value: Object.entries(tenant.domains).map(([id, d]) => ({ id, isVerified: d.isVerified })) });
        return;
      }
      if (parts[1] === 'domains' && parts[2]) {
        const domain = tenant.domains[parts[2].toLowerCase()];
        if (!domain) { graphError(res, 404, 'Request_ResourceNotFound', `Resource '${parts[2]}' does not exist.`); return; }
        if (!parts[3]) {
          send(res, 200, { '@odata.context': `${GRAPH}/v1.0/$metadata#domains/$entity`, id: parts[2], authenticationType: 'Managed', isAdminManaged: domain.isAdminManaged ?? true, isDefault: false, isInitial: false, isRoot: true, isVerified: domain.isVerified, supportedServices: ['Email'] });
          return;
        }
        if (parts[3] === 'verificationDnsRecords') {
          // Two pages, to exercise @odata.nextLink: the MX record first, the TXT record on the second page.
          const second = url.searchParams.get('$skiptoken') === 'page2';
          const record = second
            ? { '@odata.type': 'microsoft.graph.domainDnsTxtRecord', isOptional: false, label: parts[2], recordType: 'Txt', supportedService: 'Email', ttl: 3600, id: 'txt', text: domain.txt }
            : { '@odata.type': 'microsoft.graph.domainDnsMxRecord', isOptional: false, label: parts[2], recordType: 'Mx', supportedService: 'Email', ttl: 3600, id: 'mx', mailExchange: `${domain.txt.toLowerCase().replace('=', '')}.msv1.invalid`, preference: 32767 };
          send(res, 200, { '@odata.context': `${GRAPH}/v1.0/$metadata#domainDnsRecords`, value: [record], ...(second ? {} : { '@odata.nextLink': `${base}/v1.0/domains/${parts[2]}/verificationDnsRecords?$skiptoken=page2` }) });
          return;
        }
        if (parts[3] === 'serviceConfigurationRecords') {
          send(res, 200, { '@odata.context': `${GRAPH}/v1.0/$metadata#domainDnsRecords`, value: [
            { '@odata.type': 'microsoft.graph.domainDnsMxRecord', recordType: 'Mx', label: parts[2], supportedService: 'Email', isOptional: false, ttl: 3600, mailExchange: domain.mailExchange, preference: 0 },
            { '@odata.type': 'microsoft.graph.domainDnsCnameRecord', recordType: 'CName', label: `autodiscover.${parts[2]}`, supportedService: 'Email', isOptional: false, ttl: 3600, canonicalName: 'autodiscover.outlook.com' },
          ] });
          return;
        }
      }
      if (parts[1] === 'users' && parts[2]) {
        const user = tenant.users.find((u) => u.userPrincipalName.toLowerCase() === parts[2]!.toLowerCase());
        if (!user) { graphError(res, 404, 'Request_ResourceNotFound', `Resource '${parts[2]}' does not exist or one of its queried reference-property objects are not present.`); return; }
        const select = new Set((url.searchParams.get('$select') ?? '').split(',').filter(Boolean));
        const body: Record<string, unknown> = { '@odata.context': `${GRAPH}/v1.0/$metadata#users/$entity`, id: `id-${user.userPrincipalName}`, userPrincipalName: user.userPrincipalName, mail: user.mail ?? null };
        for (const key of ['proxyAddresses', 'assignedPlans', 'provisionedPlans'] as const) if (select.has(key)) body[key] = user[key] ?? [];
        send(res, 200, body);
        return;
      }
      graphError(res, 400, 'BadRequest', 'Resource not found for the segment.');
      return;
    }

    // Exchange Online Admin API
    if (parts[0] === 'adminapi' && parts[1] === 'v2.0' && req.method === 'POST') {
      const tenantId = tokenOf(req, EXCHANGE);
      if (!tenantId || tenantId !== parts[2]) { graphError(res, 401, 'InvalidAuthenticationToken', 'The token is not valid for this tenant.'); return; }
      const tenant = tenants[tenantId]!;
      if (tenant.exchangeForbidden) { graphError(res, 403, 'Forbidden', 'The role assigned to application isn\'t supported in this scenario.'); return; }
      const input = (JSON.parse(await readBody(req)) as { CmdletInput?: { CmdletName?: string; Parameters?: Record<string, string> } }).CmdletInput;
      if (parts[3] !== 'AcceptedDomain' || input?.CmdletName !== 'Get-AcceptedDomain') { graphError(res, 400, 'BadRequest', 'The cmdlet is not supported on this endpoint.'); return; }
      const identity = input.Parameters?.Identity?.toLowerCase();
      const rows = tenant.acceptedDomains.filter((d) => !identity || d.DomainName.toLowerCase() === identity)
        .map((d) => (tenant.exchangeWithoutDomainType ? { DomainName: d.DomainName, Default: d.Default ?? false } : { DomainName: d.DomainName, DomainType: d.DomainType, Default: d.Default ?? false }));
      if (identity && rows.length === 0) { graphError(res, 404, 'NotFound', `The operation couldn't be performed because object '${identity}' couldn't be found.`); return; }
      send(res, 200, { '@odata.context': `${EXCHANGE}/adminapi/v2.0/${tenantId}/$metadata#AcceptedDomain`, value: rows });
      return;
    }
    graphError(res, 404, 'NotFound', 'No such endpoint in the fake.');
  };

  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => { void handle(req, res); });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  base = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: base, graphUrl: `${base}/graph`, exchangeUrl: `${base}/exchange`, caPem: certs.caPem, clientId, clientSecret, tenants, requests,
    throttle(count, seconds) { throttleLeft = count; throttleSeconds = seconds; },
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}
