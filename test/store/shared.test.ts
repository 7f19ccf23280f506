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

  it('shares what a value made by spreading a previous version kept, and copies what changed', () => {
    const previous = parseStored(JSON.stringify({ data: { steps: { mx: { status: 'open', probe: { found: ['a'] } }, spf: { status: 'done' } }, inputs: { users: [{ a: 1 }] } } })) as {
      data: { steps: { mx: { status: string; probe: object }; spf: object }; inputs: { users: object[] } };
    };
    const mine = { status: 'done', probe: previous.data.steps.mx.probe, note: { by: 'me' } };
    const value = { data: { ...previous.data, steps: { ...previous.data.steps, mx: mine } } };
    const copy = frozenJsonCopy(value, previous) as typeof value;
    assert.deepStrictEqual(copy, parseStored(JSON.stringify(value)));
    assertDeepFrozen(copy);
    assert.equal(copy.data.inputs, previous.data.inputs, 'an unchanged part is the previous version\'s object');
    assert.equal(copy.data.steps.spf, previous.data.steps.spf);
    assert.equal(copy.data.steps.mx.probe, previous.data.steps.mx.probe);
    assert.notEqual(copy.data.steps.mx, mine, 'a part the caller made is copied');
    assert.notEqual(copy.data.steps.mx.note, mine.note);
    assert.ok(!Object.isFrozen(mine) && !Object.isFrozen(mine.note) && !Object.isFrozen(value.data));
  });

  it('shares only a part found at the same place in the previous version', () => {
    const previous = parseStored('{"a":{"x":1},"list":[{"y":2}]}') as { a: object; list: object[] };
    const moved = { b: previous.a, list: [{ z: 3 }, previous.list[0]] };
    const copy = frozenJsonCopy(moved, previous) as { b: object; list: object[] };
    assert.deepStrictEqual(copy, { b: { x: 1 }, list: [{ z: 3 }, { y: 2 }] });
    // Equal content elsewhere is copied, which is always right; only the same object at the same place is kept.
    assert.notEqual(copy.b, previous.a);
    assert.notEqual(copy.list[1], previous.list[0]);
    const kept = frozenJsonCopy({ a: previous.a, list: [previous.list[0]] }, previous) as typeof previous;
    assert.equal(kept.a, previous.a);
    assert.equal(kept.list[0], previous.list[0]);
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
