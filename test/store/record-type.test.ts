import assert from 'node:assert/strict';
import { decodeRecord, encodeRecord, type RecordType } from '../../src/store/record-type';

interface V3 { name: string; tags: string[]; active: boolean }

const type: RecordType<V3> = {
  name: 'thing',
  currentVersion: 3,
  upgrades: {
    1: (d) => ({ name: (d as { title: string }).title, tags: [] }),
    2: (d) => ({ ...(d as object), active: true }),
  },
  validate: (d) => (typeof (d as V3).name === 'string' ? undefined : 'name missing'),
};

describe('record types and schema upgrades', () => {
  it('writes the current schemaVersion', () => {
    assert.deepEqual(encodeRecord(type, { name: 'n', tags: ['x'], active: false }),
      { type: 'thing', schemaVersion: 3, data: { name: 'n', tags: ['x'], active: false } });
  });

  it('upgrades step by step from any older version', () => {
    assert.deepEqual(decodeRecord(type, { type: 'thing', schemaVersion: 1, data: { title: 't' } }),
      { ok: true, value: { name: 't', tags: [], active: true }, fromVersion: 1 });
    assert.deepEqual(decodeRecord(type, { type: 'thing', schemaVersion: 2, data: { name: 't', tags: ['a'] } }),
      { ok: true, value: { name: 't', tags: ['a'], active: true }, fromVersion: 2 });
    assert.deepEqual(decodeRecord(type, encodeRecord(type, { name: 'n', tags: [], active: false })),
      { ok: true, value: { name: 'n', tags: [], active: false }, fromVersion: 3 });
  });

  it('reports what it cannot read instead of guessing', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /not a record envelope/],
      [{ type: 'other', schemaVersion: 1, data: {} }, /expected a thing record/],
      [{ type: 'thing', schemaVersion: 0, data: {} }, /invalid schemaVersion/],
      [{ type: 'thing', schemaVersion: 4, data: {} }, /newer than this code/],
      [{ type: 'thing', schemaVersion: 3, data: {} }, /name missing/],
      [{ type: 'thing', schemaVersion: 1, data: null }, /upgrade of thing from 1 failed/],
    ];
    for (const [stored, reason] of cases) {
      const result = decodeRecord(type, stored);
      assert.ok(!result.ok);
      assert.match(result.reason, reason);
    }
    const gap: RecordType<V3> = { ...type, upgrades: { 1: type.upgrades[1]! } };
    const missing = decodeRecord(gap, { type: 'thing', schemaVersion: 1, data: { title: 't' } });
    assert.ok(!missing.ok && /no upgrade from thing schemaVersion 2 to 3/.test(missing.reason));
  });
});
