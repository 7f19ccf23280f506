import assert from 'node:assert/strict';
import { hasLaterDmarcVersion, parseDmarcRecord, startsAsDmarc, type DmarcProblem } from '../../src/mailauth/dmarc-record';

type Row = { text: string; rfc: string } & (
  | { ok: { p: string; sp?: string; pct?: number; rua?: string[]; ruf?: string[]; adkim?: string; aspf?: string; unknownTags?: string[] } }
  | { problems: Array<DmarcProblem['code']> });

const rows: Row[] = [
  { rfc: '6.4 minimal record: v and p', text: 'v=DMARC1; p=none', ok: { p: 'none', pct: 100, rua: [], adkim: 'r', aspf: 'r' } },
  { rfc: '6.4 trailing ";" (tag-list [";"], RFC 6376 3.2)', text: 'v=DMARC1; p=reject;', ok: { p: 'reject' } },
  { rfc: '6.4 *WSP around "=" and ";"', text: 'v = DMARC1 ;\tp = quarantine ; pct = 50', ok: { p: 'quarantine', pct: 50 } },
  { rfc: '6.4 "v" is an ABNF string, case-insensitive (RFC 5234 2.3)', text: 'V=DMARC1; p=none', ok: { p: 'none' } },
  { rfc: '6.4 policy keywords are ABNF strings, case-insensitive', text: 'v=DMARC1; p=Reject; sp=NONE', ok: { p: 'reject', sp: 'none' } },
  { rfc: '6.3 sp, adkim, aspf, fo, rf, ri', text: 'v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=r; fo=0:d:s; rf=afrf; ri=86400', ok: { p: 'reject', sp: 'quarantine', adkim: 's', aspf: 'r' } },
  { rfc: '6.2 rua list with a size limit', text: 'v=DMARC1; p=none; rua=mailto:a@example.com,mailto:b@example.net!10m', ok: { p: 'none', rua: ['mailto:a@example.com', 'mailto:b@example.net!10m'] } },
  { rfc: '6.3 ruf', text: 'v=DMARC1; p=none; ruf=mailto:forensik@example.com', ok: { p: 'none', ruf: ['mailto:forensik@example.com'] } },
  { rfc: '6.3 pct bounds 0 and 100', text: 'v=DMARC1; p=quarantine; pct=0', ok: { p: 'quarantine', pct: 0 } },
  { rfc: '6.3 pct=100', text: 'v=DMARC1; p=quarantine; pct=100', ok: { p: 'quarantine', pct: 100 } },
  { rfc: '6.3 unknown tags MUST be ignored', text: 'v=DMARC1; p=none; foo=bar; x_y=1', ok: { p: 'none', unknownTags: ['foo', 'x_y'] } },
  { rfc: 'RFC 9989 9.3 registers np, psd and t', text: 'v=DMARC1; p=reject; np=reject; psd=n; t=y', ok: { p: 'reject', unknownTags: [] } },

  { rfc: '6.4 the version value is %x44.4d.41.52.43.31 (upper case)', text: 'v=dmarc1; p=none', problems: ['version-value'] },
  { rfc: '6.4 the version must be the first tag', text: 'p=none; v=DMARC1', problems: ['version-not-first'] },
  { rfc: '6.4 an empty first tag-spec is not the version', text: '; v=DMARC1; p=none', problems: ['version-not-first'] },
  { rfc: '6.3 p is REQUIRED', text: 'v=DMARC1; rua=mailto:a@example.com', problems: ['policy-missing'] },
  { rfc: 'RFC 6376 3.2: tag names are case-sensitive, P is not p', text: 'v=DMARC1; P=reject', problems: ['policy-missing'] },
  { rfc: '6.4 dmarc-request', text: 'v=DMARC1; p=block', problems: ['policy-value'] },
  { rfc: '6.4 dmarc-request: empty value', text: 'v=DMARC1; p=', problems: ['policy-value'] },
  { rfc: '6.4 dmarc-srequest', text: 'v=DMARC1; p=none; sp=strict', problems: ['policy-value'] },
  { rfc: 'RFC 9989 np has the values of p', text: 'v=DMARC1; p=none; np=drop', problems: ['policy-value'] },
  { rfc: '6.4 dmarc-percent above 100', text: 'v=DMARC1; p=reject; pct=150', problems: ['pct-range'] },
  { rfc: '6.4 dmarc-percent is digits only', text: 'v=DMARC1; p=reject; pct=-5', problems: ['pct-range'] },
  { rfc: '6.4 dmarc-percent is 1*3DIGIT', text: 'v=DMARC1; p=reject; pct=50%', problems: ['pct-range'] },
  { rfc: '6.2 a bare address is not a URI', text: 'v=DMARC1; p=none; rua=dmarc@example.com', problems: ['uri-not-mailto'] },
  { rfc: '6.2 only mailto: is required of receivers', text: 'v=DMARC1; p=none; rua=https://example.com/report', problems: ['uri-not-mailto'] },
  { rfc: '6.2 ruf too', text: 'v=DMARC1; p=none; ruf=ftp://example.com', problems: ['uri-not-mailto'] },
  { rfc: 'RFC 6068 mailto: needs an address', text: 'v=DMARC1; p=none; rua=mailto:', problems: ['uri-address'] },
  { rfc: 'RFC 6376 3.2 duplicate tags MUST NOT occur', text: 'v=DMARC1; p=none; p=reject', problems: ['duplicate-tag'] },
  { rfc: 'RFC 6376 3.2 a tag-spec is name=value', text: 'v=DMARC1; p=none; reject', problems: ['tag-syntax'] },
  { rfc: 'RFC 6376 3.2 tag-name = ALPHA *ALNUMPUNC', text: 'v=DMARC1; p=none; 1x=2', problems: ['tag-syntax'] },
  { rfc: '6.4 dmarc-adkim is r or s', text: 'v=DMARC1; p=none; adkim=strict', problems: ['tag-value'] },
  { rfc: '6.4 dmarc-fo is 0/1/d/s joined by ":"', text: 'v=DMARC1; p=none; fo=2', problems: ['tag-value'] },
  { rfc: '6.4 dmarc-ainterval is 1*DIGIT', text: 'v=DMARC1; p=none; ri=1d', problems: ['tag-value'] },
  { rfc: 'several problems are all reported', text: 'v=DMARC1; p=maybe; pct=200; rua=x@y.de', problems: ['policy-value', 'pct-range', 'uri-not-mailto'] },
];

describe('DMARC record parser (RFC 7489 6.3, 6.4)', () => {
  for (const row of rows) {
    it(`${row.rfc}: ${JSON.stringify(row.text)}`, () => {
      const parsed = parseDmarcRecord(row.text);
      if ('ok' in row) {
        assert.ok(parsed.ok, JSON.stringify(parsed));
        for (const [key, want] of Object.entries(row.ok)) assert.deepEqual((parsed.record as unknown as Record<string, unknown>)[key], want, key);
      } else {
        assert.ok(!parsed.ok, JSON.stringify(parsed));
        assert.deepEqual(parsed.problems.map((p) => p.code), row.problems);
      }
    });
  }

  const starts: Array<[string, boolean, boolean]> = [
    ['v=DMARC1; p=none', true, false],
    ['v=DMARC1', true, false],
    ['  v = dmarc1 ;p=none', true, false],
    ['v=DMARC10; p=none', false, false],
    ['v=spf1 -all', false, false],
    ['p=none; v=DMARC1', false, true],
    ['p=none; version=DMARC1', false, false],
  ];
  for (const [text, start, later] of starts) {
    it(`6.6.3 record selection: ${JSON.stringify(text)} starts as DMARC: ${start}, later version tag: ${later}`, () => {
      assert.equal(startsAsDmarc(text), start);
      assert.equal(hasLaterDmarcVersion(text), later);
    });
  }
});
