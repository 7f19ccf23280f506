import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/config';
import { adminConsentUrl } from '../../src/config/tenant-access';

const APP = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

describe('config: read-only tenant access (COEXIST_TENANT_APP_*)', () => {
  it('is off without COEXIST_TENANT_APP_ID', () => {
    const result = parseConfig({}, '/srv');
    assert.ok(result.ok);
    assert.equal(result.config.tenantAccess, undefined);
  });

  it('takes a secret or a certificate file, with the global cloud by default', () => {
    const secret = parseConfig({ COEXIST_TENANT_APP_ID: APP, COEXIST_TENANT_APP_SECRET: 's3cr3t' }, '/srv');
    assert.ok(secret.ok);
    assert.deepEqual(secret.config.tenantAccess, {
      appId: APP, credential: { kind: 'secret', secret: 's3cr3t' }, authorityHost: 'https://login.microsoftonline.com',
      graphUrl: 'https://graph.microsoft.com', exchangeUrl: 'https://outlook.office365.com', caFile: undefined, consentRedirectUri: undefined,
    });
    const cert = parseConfig({ COEXIST_TENANT_APP_ID: APP, COEXIST_TENANT_APP_CERTIFICATE: 'certs/app.pem', COEXIST_GRAPH_URL: 'https://graph.microsoft.us' }, '/srv');
    assert.ok(cert.ok);
    assert.deepEqual(cert.config.tenantAccess?.credential, { kind: 'certificate', file: '/srv/certs/app.pem' });
    assert.equal(cert.config.tenantAccess?.graphUrl, 'https://graph.microsoft.us');
    assert.ok(Object.isFrozen(cert.config.tenantAccess));
  });

  const refused: Array<[Record<string, string>, RegExp]> = [
    [{ COEXIST_TENANT_APP_ID: APP }, /needs exactly one credential/],
    [{ COEXIST_TENANT_APP_ID: APP, COEXIST_TENANT_APP_SECRET: 'a', COEXIST_TENANT_APP_CERTIFICATE: 'b.pem' }, /needs exactly one credential/],
    [{ COEXIST_TENANT_APP_ID: 'my-app', COEXIST_TENANT_APP_SECRET: 'a' }, /is not a GUID/],
    [{ COEXIST_TENANT_APP_SECRET: 'a' }, /COEXIST_TENANT_APP_ID is empty/],
    [{ COEXIST_TENANT_APP_ID: APP, COEXIST_TENANT_APP_SECRET: 'a', COEXIST_GRAPH_URL: 'http://graph.example' }, /COEXIST_GRAPH_URL=http:\/\/graph\.example is not an https URL/],
    [{ COEXIST_AUTHORITY_HOST: 'login.microsoftonline.com' }, /COEXIST_AUTHORITY_HOST=.* is not an https URL/],
    [{ COEXIST_CONSENT_REDIRECT_URI: 'http://localhost/consent' }, /COEXIST_CONSENT_REDIRECT_URI=.* is not an https URL/],
  ];
  for (const [env, message] of refused) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      const result = parseConfig(env, '/srv');
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.ok(result.errors.some((e) => message.test(e)), result.errors.join('\n'));
        assert.ok(result.errors.every((e) => !e.includes('s3cr3t')));
      }
    });
  }

  it('builds the v2 admin-consent link with the /.default scope, the redirect URI and the state', () => {
    const url = new URL(adminConsentUrl({ appId: APP, authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com', consentRedirectUri: 'https://bot.example/api/consent' }, 'contoso.onmicrosoft.com', 'st-1'));
    assert.equal(url.origin + url.pathname, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent');
    assert.equal(url.searchParams.get('client_id'), APP);
    assert.equal(url.searchParams.get('scope'), 'https://graph.microsoft.com/.default');
    assert.equal(url.searchParams.get('redirect_uri'), 'https://bot.example/api/consent');
    assert.equal(url.searchParams.get('state'), 'st-1');
  });
});

describe('config: the helpdesk\'s optional language model (COEXIST_AZURE_OPENAI_*)', () => {
  it('is off by default and takes endpoint, deployment and key together', () => {
    const off = parseConfig({}, '/');
    assert.ok(off.ok);
    assert.equal(off.config.helpdeskModel, undefined);
    const on = parseConfig({ COEXIST_AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com', COEXIST_AZURE_OPENAI_DEPLOYMENT: 'gpt-4o-mini', COEXIST_AZURE_OPENAI_KEY: 'k' }, '/');
    assert.ok(on.ok);
    assert.deepEqual(on.config.helpdeskModel, { endpoint: 'https://res.openai.azure.com', deployment: 'gpt-4o-mini', apiKey: 'k', apiVersion: '2024-10-21' });
    const partial = parseConfig({ COEXIST_AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com' }, '/');
    assert.equal(partial.ok, false);
    const http = parseConfig({ COEXIST_AZURE_OPENAI_ENDPOINT: 'http://res', COEXIST_AZURE_OPENAI_DEPLOYMENT: 'd', COEXIST_AZURE_OPENAI_KEY: 'k' }, '/');
    assert.ok(!http.ok && http.errors.some((e) => /not an https URL/.test(e)));
  });
});
