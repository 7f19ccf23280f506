import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render';

describe('cards/render (one parse per template, reused)', () => {
  const template = {
    type: 'AdaptiveCard', version: '1.5',
    body: [{ type: 'Container', items: [{ type: 'TextBlock', text: 'static' }] }, { type: 'TextBlock', text: '${a}', $when: '${show}' }],
  };

  it('a warning of one expansion does not stick to the next', () => {
    const warned = renderCard(template, { a: 'x', show: false });
    assert.equal(warned.ok, false);
    const clean = renderCard(template, { a: 'y', show: true });
    assert.ok(clean.ok, JSON.stringify(clean));
    assert.equal((clean.card.body as Array<{ text?: string }>)[1].text, 'y');
  });

  it('mutating a rendered card does not change later renders or the template', () => {
    const first = renderCard(template, { a: 'x', show: true });
    assert.ok(first.ok);
    (first.card.body as Array<{ items?: Array<{ text: string }> }>)[0].items![0].text = 'MUTATED';
    (first.card.body as unknown[]).push({ type: 'Bogus' });
    const second = renderCard(template, { a: 'z', show: true });
    assert.ok(second.ok);
    assert.deepEqual(second.card.body, [{ type: 'Container', items: [{ type: 'TextBlock', text: 'static' }] }, { type: 'TextBlock', text: 'z' }]);
    assert.equal(template.body[1].text, '${a}');
  });

  it('a missing field is a leftover, not literal text in a card', () => {
    const result = renderCard(template, { show: true });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.leftovers.join(), /\$\{a\}/);
  });
});
