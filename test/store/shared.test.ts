import assert from 'node:assert/strict';
import { frozenJsonCopy, parseStored } from '../../src/store/shared';

function assertDeepFrozen(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  assert.ok(Object.isFrozen(value), 'every object and array in the copy is frozen');
  for (const item of Object.values(value)) assertDeepFrozen(item);
}

describe('frozenJsonCopy', () => {
  const plain: Array<[string, unknown]> = [
    ['a migration-like record', { type: 'migration', schemaVersion: 1, data: { steps: { mx: { status: 'done', found: ['10 mx.example'], at: 1795683600000 } }, users: [{ address: 'a@b.de' }], note: null, ok: true, score: -1.5 } }],
    ['numeric keys, in JSON order', { 10: 'x', 2: 'y', b: 1, a: [] }],
    ['-0, which JSON writes as 0', { n: -0, list: [-0] }],
    ['properties JSON leaves out', { kept: 1, gone: undefined, fn: () => 1, sym: Symbol('s') }],
    ['text JSON escapes', { s: 'Grüße ✓ \u0000 "q" \ud800 lone' }],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
    ['nested empty containers', [[], {}, [[{}]]]],
  ];
  for (const [label, value] of plain) {
    it(`copies ${label} exactly as a JSON round trip reads it, deep-frozen`, () => {
      const copy = frozenJsonCopy(value);
      assert.deepStrictEqual(copy, parseStored(JSON.stringify(value)));
      assertDeepFrozen(copy);
    });
  }

  it('never freezes or changes the value it copies, and shares nothing with it', () => {
    const mine = { n: 1, list: [1, { deep: 'x' }], inner: { a: 'b' } };
    const copy = frozenJsonCopy(mine) as typeof mine;
    assert.ok(!Object.isFrozen(mine) && !Object.isFrozen(mine.list) && !Object.isFrozen(mine.inner));
    assert.notEqual(copy.list, mine.list);
    assert.notEqual(copy.inner, mine.inner);
    mine.list.push(2);
    mine.inner.a = 'c';
    assert.deepStrictEqual(copy, { n: 1, list: [1, { deep: 'x' }], inner: { a: 'b' } });
  });

  const notPlain: Array<[string, unknown]> = [
    ['a Date', { at: new Date(0) }],
    ['a toJSON method', { v: { toJSON: () => 'x' } }],
    ['a class instance', { m: new Map([[1, 2]]) }],
    ['NaN', { n: Number.NaN }],
    ['Infinity in an array', [Number.POSITIVE_INFINITY]],
    ['undefined in an array', [1, undefined]],
    ['a hole in an array', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['a function in an array', [() => 1]],
    ['an own "__proto__" key', JSON.parse('{"__proto__": {"polluted": true}}') as unknown],
    ['a boxed string', { s: new String('x') }],
  ];
  for (const [label, value] of notPlain) {
    it(`declines ${label} (the store parses the text instead)`, () => {
      assert.equal(frozenJsonCopy(value), undefined);
    });
  }
});
