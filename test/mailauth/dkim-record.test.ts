import assert from 'node:assert/strict';
import { classifyMicrosoftDkimTarget, domainWithDashes, looksLikeDkimKey, parseDkimKeyRecord, type DkimKeyProblem } from '../../src/mailauth/dkim-record';

const KEY = 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDBc+Pb4+we0JZlYdFun1iHle7qfEUWlMlzOrz8E2CHRQqa7GtQuyqUDWbQ==';

type Row = { rfc: string; text: string } & ({ ok: { keyType: string; revoked: boolean; testing: boolean } } | { problems: Array<DkimKeyProblem['code']> });
const rows: Row[] = [
  { rfc: 'RFC 6376 3.6.1 minimal key: p= alone, k defaults to rsa', text: `p=${KEY}`, ok: { keyType: 'rsa', revoked: false, testing: false } },
  { rfc: '3.6.1 v=DKIM1 first, k=rsa', text: `v=DKIM1; k=rsa; p=${KEY}`, ok: { keyType: 'rsa', revoked: false, testing: false } },
  { rfc: '3.6.1 p= may contain whitespace (FWS) between base64 characters', text: `v=DKIM1; p=${KEY.slice(0, 30)} ${KEY.slice(30)}`, ok: { keyType: 'rsa', revoked: false, testing: false } },
  { rfc: '3.6.1 an empty p= is a revoked key', text: 'v=DKIM1; p=', ok: { keyType: 'rsa', revoked: true, testing: false } },
  { rfc: '3.6.1 t=y testing flag', text: `v=DKIM1; t=y:s; p=${KEY}`, ok: { keyType: 'rsa', revoked: false, testing: true } },
  { rfc: 'RFC 8463 k=ed25519', text: 'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=', ok: { keyType: 'ed25519', revoked: false, testing: false } },
  { rfc: '3.6.1 p= is REQUIRED', text: 'v=DKIM1; k=rsa', problems: ['key-missing'] },
  { rfc: '3.6.1 v= must be first when present', text: `k=rsa; v=DKIM1; p=${KEY}`, problems: ['version'] },
  { rfc: '3.6.1 v= value is DKIM1', text: `v=DKIM2; p=${KEY}`, problems: ['version'] },
  { rfc: '3.6.1 p= is base64', text: 'v=DKIM1; p=not*base64!', problems: ['key-base64'] },
  { rfc: '3.6.1 unknown k= makes the key unusable', text: `v=DKIM1; k=dsa; p=${KEY}`, problems: ['key-type'] },
  { rfc: '3.2 duplicate tags MUST NOT occur', text: `v=DKIM1; p=${KEY}; p=${KEY}`, problems: ['duplicate-tag'] },
  { rfc: '3.2 a tag-spec is name=value', text: `v=DKIM1; rsa; p=${KEY}`, problems: ['tag-syntax'] },
];

describe('DKIM key record parser (RFC 6376 3.6.1)', () => {
  for (const row of rows) {
    it(`${row.rfc}`, () => {
      const parsed = parseDkimKeyRecord(row.text);
      if ('ok' in row) {
        assert.ok(parsed.ok, JSON.stringify(parsed));
        assert.deepEqual(parsed.key, row.ok);
      } else {
        assert.ok(!parsed.ok, JSON.stringify(parsed));
        assert.deepEqual(parsed.problems.map((p) => p.code), row.problems);
      }
    });
  }

  it('looksLikeDkimKey tells a key from other TXT', () => {
    assert.equal(looksLikeDkimKey(`v=DKIM1; p=${KEY}`), true);
    assert.equal(looksLikeDkimKey(`k=rsa; p=${KEY}`), true);
    assert.equal(looksLikeDkimKey('v=spf1 -all'), false);
    assert.equal(looksLikeDkimKey('MS=ms123'), false);
  });
});

describe('Microsoft 365 DKIM CNAME targets (Microsoft Learn, Set up DKIM, "Syntax for DKIM CNAME records")', () => {
  const cases: Array<[string, string, 1 | 2, string]> = [
    ['selector1-contoso-com._domainkey.contoso.onmicrosoft.com', 'contoso.com', 1, 'microsoft onmicrosoft contoso'],
    ['Selector2-Contoso-Com._domainkey.Contoso.onmicrosoft.com.', 'contoso.com', 2, 'microsoft onmicrosoft contoso'],
    ['selector1-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft', 'contoso.com', 1, 'microsoft dkim.mail.microsoft contoso'],
    ['selector2-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft', 'contoso.com', 2, 'microsoft dkim.mail.microsoft contoso'],
    ['selector1-marketing-contoso-com._domainkey.contoso.onmicrosoft.com', 'marketing.contoso.com', 1, 'microsoft onmicrosoft contoso'],
    ['selector1-fabrikam-com._domainkey.contoso.onmicrosoft.com', 'contoso.com', 1, 'other-domain'],
    ['selector2-contoso-com._domainkey.contoso.onmicrosoft.com', 'contoso.com', 1, 'other-domain'],
    ['s1.dkim.ionos.com', 'contoso.com', 1, 'not-microsoft'],
    ['selector1-contoso-com._domainkey.contoso.example.com', 'contoso.com', 1, 'not-microsoft'],
    ['selector1-contoso-com._domainkey.contoso.dkim.mail.microsoft', 'contoso.com', 1, 'not-microsoft'],
  ];
  for (const [target, domain, selector, want] of cases) {
    it(`${target} for ${domain} selector${selector}: ${want}`, () => {
      const c = classifyMicrosoftDkimTarget(target, domain, selector);
      const got = c.kind === 'microsoft' ? `microsoft ${c.format} ${c.tenant}` : c.kind;
      assert.equal(got, want);
    });
  }
  it('domainWithDashes replaces every period', () => {
    assert.equal(domainWithDashes('marketing.contoso.com.'), 'marketing-contoso-com');
  });
});
