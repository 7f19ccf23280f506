import assert from 'node:assert/strict';
import { escapeKeyPart, jobId, jobRunKey, keyParts, prefixUpperBound, recordKey, tenantPrefix, unescapeKeyPart } from '../../src/store/keys';

describe('store keys', () => {
  const tricky = ['../x', 'a/b', 'a:b', '*', '%', '%25', '_', '[x]', '?', ' ', 'Grüße', '🙂', 'a.b-c', 'UPPER'];

  it('escapes every component so it holds no separator, pattern character or percent of its own', () => {
    for (const part of tricky) {
      const escaped = escapeKeyPart(part);
      assert.match(escaped, /^[A-Za-z0-9.%-]+$/, part);
      assert.ok(!escaped.includes('/'));
      assert.equal(unescapeKeyPart(escaped), part);
    }
    assert.equal(escapeKeyPart('a/b'), 'a%2Fb');
    assert.equal(escapeKeyPart('%'), '%25');
    assert.equal(escapeKeyPart('_'), '%5F');
  });

  it('is injective: different parts never share an escaped form', () => {
    const escaped = tricky.map(escapeKeyPart);
    assert.equal(new Set(escaped).size, tricky.length);
    assert.notEqual(recordKey('m', 'a/b', 'c'), recordKey('m', 'a', 'b/c'));
  });

  it("puts a tenant's keys under its prefix and no other tenant's", () => {
    const key = recordKey('migration', 'tenant-a', '../tenant-b');
    assert.ok(key.startsWith(tenantPrefix('migration', 'tenant-a')));
    assert.ok(!key.startsWith(tenantPrefix('migration', 'tenant-b')));
    assert.ok(!recordKey('migration', 'tenant-a/x', 'd').startsWith(tenantPrefix('migration', 'tenant-a')));
    assert.deepEqual(keyParts(key), ['../tenant-b']);
    assert.equal(jobId('recheck', 't', 'x.de', 'spf'), 'recheck/t/x.de/spf');
  });

  it('refuses empty components', () => {
    assert.throws(() => recordKey('migration', '', 'x'), TypeError);
    assert.throws(() => jobId('recheck', 't', ''), TypeError);
  });

  it('bounds a prefix range from above', () => {
    const upper = prefixUpperBound('migration/t/');
    assert.ok('migration/t/zzz' < upper);
    assert.ok('migration/t0' >= upper);
    assert.ok('migration/u' > upper);
  });
});

describe('jobRunKey', () => {
  it('is stable across re-claims of one generation and changes with the next', () => {
    const id = jobId('recheck', 't', 'x.de', 'spf');
    assert.equal(jobRunKey({ id, generation: 3 }), jobRunKey({ id, generation: 3 }));
    assert.notEqual(jobRunKey({ id, generation: 3 }), jobRunKey({ id, generation: 4 }));
    assert.notEqual(jobRunKey({ id, generation: 3 }, 'send'), jobRunKey({ id, generation: 3 }, 'update-card'));
    assert.notEqual(jobRunKey({ id: 'a/1', generation: 1 }), jobRunKey({ id: 'a', generation: 1 }, '1/send'));
  });
});
