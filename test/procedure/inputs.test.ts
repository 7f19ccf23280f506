import assert from 'node:assert/strict';
import { editDistance, findNearMiss, parseDomain } from '../../src/procedure/domain';
import { applyInputs, formatUsers, parseProvider, parseTenantName, parseUsers, parseVerificationValue } from '../../src/procedure/inputs';
import { INPUT_ERRORS, renderMessage } from '../../src/procedure/messages';
import { nextRecheckAt } from '../../src/procedure/recheck';

describe('procedure/inputs', () => {
  const verification: Array<[string, string | null]> = [
    ['MS=ms12345678', 'MS=ms12345678'],
    ['ms=MS12345678', 'MS=ms12345678'],
    ['  "MS=ms99999999"  ', 'MS=ms99999999'],
    ['ms12345678', 'MS=ms12345678'],
    ['MS=12345678', null],
    ['MS=ms12', null],
    ['v=spf1 -all', null],
    ['', null],
  ];
  for (const [input, expected] of verification) {
    it(`verification value ${JSON.stringify(input)} → ${expected ?? 'rejected'}`, () => {
      const r = parseVerificationValue(input);
      if (expected === null) {
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(renderMessage(r.error, 'de'), /MS=ms12345678/);
      } else assert.deepEqual(r, { ok: true, value: expected });
    });
  }

  const tenants: Array<[string, string | null]> = [
    ['firma', 'firma.onmicrosoft.com'],
    ['Firma.onmicrosoft.com', 'firma.onmicrosoft.com'],
    ['firma-gmbh.onmicrosoft.com.', 'firma-gmbh.onmicrosoft.com'],
    ['firma.de', null],
    ['-firma', null],
    ['fir ma', null],
  ];
  for (const [input, expected] of tenants) {
    it(`tenant ${JSON.stringify(input)} → ${expected ?? 'rejected'}`, () => {
      const r = parseTenantName(input);
      assert.deepEqual(r.ok ? r.value : null, expected);
    });
  }

  it('providers: Strato, IONOS/1&1 and other, in their usual spellings', () => {
    assert.deepEqual(['Strato', 'IONOS', '1&1', '1und1', 'other', 'andere'].map((p) => { const r = parseProvider(p); return r.ok ? r.value : null; }),
      ['strato', 'ionos', 'ionos', 'ionos', 'other', 'other']);
    assert.equal(parseProvider('gmx').ok, false);
  });

  it('users: one per line with ; , tab or <address>, alias defaulting to the tenant', () => {
    const r = parseUsers('Max Muster; Max.Muster@meinefirma.de\nErika\terika@meinefirma.de\terika.b@firma.onmicrosoft.com\n\nOtto Normal <otto@meinefirma.de>\nMüller, Hans, hans@meinefirma.de', 'meinefirma.de', 'firma.onmicrosoft.com');
    assert.ok(r.ok);
    assert.deepEqual(r.value, [
      { name: 'Max Muster', address: 'max.muster@meinefirma.de', alias: 'max.muster@firma.onmicrosoft.com' },
      { name: 'Erika', address: 'erika@meinefirma.de', alias: 'erika.b@firma.onmicrosoft.com' },
      { name: 'Otto Normal', address: 'otto@meinefirma.de', alias: 'otto@firma.onmicrosoft.com' },
      { name: 'Müller, Hans', address: 'hans@meinefirma.de', alias: 'hans@firma.onmicrosoft.com' },
    ]);
    assert.deepEqual(parseUsers(formatUsers(r.value), 'meinefirma.de', 'firma.onmicrosoft.com'), r);
  });

  const badUsers: Array<[string, string, string | undefined]> = [
    ['', 'users-empty', 'firma.onmicrosoft.com'],
    ['; max@meinefirma.de', 'user-name', 'firma.onmicrosoft.com'],
    ['Max; max(at)meinefirma.de', 'user-address', 'firma.onmicrosoft.com'],
    ['Max; max@meinefirmna.de', 'user-domain', 'firma.onmicrosoft.com'],
    ['Max; max@meinefirma.de; max@gmail.com', 'user-alias', 'firma.onmicrosoft.com'],
    ['Max; max@meinefirma.de; max@other.onmicrosoft.com', 'user-alias-tenant', 'firma.onmicrosoft.com'],
    ['Max; max@meinefirma.de', 'user-alias-needs-tenant', undefined],
    ['Max; max@meinefirma.de\nMax 2; MAX@meinefirma.de', 'user-duplicate', 'firma.onmicrosoft.com'],
  ];
  for (const [text, reason, tenant] of badUsers) {
    it(`users: ${reason} has a clear message in both languages`, () => {
      const r = parseUsers(text, 'meinefirma.de', tenant);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.error.params?.reason, reason);
      for (const locale of ['de', 'en'] as const) {
        const rendered = renderMessage(r.error, locale);
        assert.doesNotMatch(rendered, /\{\w+\}/, rendered);
        assert.ok(rendered.length > 20);
      }
    });
  }

  it('every input error reason has both languages', () => {
    for (const [reason, text] of Object.entries(INPUT_ERRORS)) {
      assert.ok(text.de && text.en && text.de !== text.en, reason);
    }
  });

  it('applyInputs keeps stored values for empty fields and reports every bad field at once', () => {
    const current = { provider: 'strato' as const, users: [], tenantName: 'firma.onmicrosoft.com', verificationValue: 'MS=ms11111111' };
    const kept = applyInputs(current, { verificationValue: '', tenantName: '  ' }, 'meinefirma.de');
    assert.deepEqual(kept, { ok: true, inputs: current });
    const bad = applyInputs(current, { verificationValue: 'x', tenantName: 'a.b', provider: 'gmx' }, 'meinefirma.de');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.deepEqual(Object.keys(bad.errors).sort(), ['provider', 'tenantName', 'verificationValue']);
  });
});

describe('procedure/domain', () => {
  const table: Array<[string, string | null]> = [
    ['meinefirma.de', 'meinefirma.de'],
    ['MeineFirma.DE.', 'meinefirma.de'],
    ['https://www.meinefirma.de/impressum', 'www.meinefirma.de'],
    ['müller.de', 'xn--mller-kva.de'],
    ['localhost', null],
    ['meinefirma.123', null],
    ['a_b.de', null],
    ['x'.repeat(64) + '.de', null],
  ];
  for (const [input, expected] of table) {
    it(`parseDomain(${JSON.stringify(input)}) → ${expected ?? 'rejected'}`, () => {
      const r = parseDomain(input);
      assert.equal(r.ok ? r.domain : null, expected);
    });
  }

  it('edit distance counts insertions, deletions, substitutions and adjacent swaps as one', () => {
    assert.equal(editDistance('meinefirma.de', 'meinefirmna.de'), 1);
    assert.equal(editDistance('meinefirma.de', 'meinefimra.de'), 1);
    assert.equal(editDistance('meinefirma.de', 'meinefirma.com'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('finds the closest known domain at distance 1–2 only', () => {
    assert.equal(findNearMiss('meinefirmna.de', ['meinefirma.de']), 'meinefirma.de');
    assert.equal(findNearMiss('meinfrma.de', ['meinefirma.de', 'meinfirma.de']), 'meinfirma.de');
    assert.equal(findNearMiss('meinefirma.de', ['meinefirma.de', 'meinefirmb.de']), undefined);
    assert.equal(findNearMiss('ganzanders.de', ['meinefirma.de']), undefined);
  });
});

describe('procedure/recheck', () => {
  it('backs off 1, 2, 4 … minutes up to an hour, waits for the TTL but never longer than the hour the docs promise', () => {
    assert.deepEqual([0, 1, 2, 3, 6, 7, 50].map((a) => nextRecheckAt(0, a, undefined) / 60_000), [1, 2, 4, 8, 60, 60, 60]);
    assert.equal(nextRecheckAt(1000, 0, 300), 1000 + 300_000);
    assert.equal(nextRecheckAt(1000, 3, 300), 1000 + 480_000);
    assert.equal(nextRecheckAt(1000, 0, 86_400), 1000 + 3_600_000);
    assert.equal(nextRecheckAt(1000, 0, 2_147_483_647), 1000 + 3_600_000);
    assert.equal(nextRecheckAt(1000, 0, -5), 1000 + 60_000);
  });
});
