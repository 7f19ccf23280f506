import assert from 'node:assert/strict';
import {
  TEMPLATES, buildDidYouMeanData, buildDoneCardData, buildInputsCardData, buildResetCardData, buildStatusCardData, buildStepCardData,
} from '../../src/cards/procedure-cards';
import diagnosisTemplate from '../../src/cards/templates/diagnosis.json';
import { libraryExpansions, renderCard, renderCardWithLibrary } from '../../src/cards/render';
import { diagnosisCardData } from '../../src/helpdesk/card';
import { DIAGNOSES } from '../../src/helpdesk/diagnoses';
import { transition } from '../../src/procedure/transition';
import { STEP_IDS, type Migration } from '../../src/procedure/types';
import { DOMAIN, T0, randomEvent } from '../procedure/fixtures';
import { mulberry32 } from '../support/random';

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

describe('cards/render: its own expansion equals adaptivecards-templating', () => {
  /** renderCard's answer for (template, data) is what the library gives: the same card, key for key, or a failure. */
  function sameAsLibrary(template: object, data: object, where: string): void {
    const expected = JSON.stringify(renderCardWithLibrary(template, data));
    const result = renderCard(template, data);
    if (expected.includes('${')) {
      assert.equal(result.ok, false, where);
      return;
    }
    assert.ok(result.ok, `${where}: ${JSON.stringify(result)}`);
    assert.equal(JSON.stringify(result.card), expected, where);
    assert.equal(result.bytes, Buffer.byteLength(expected, 'utf8'));
  }

  it('every procedure card of 60 seeded walks, both locales, without the library', function () {
    this.timeout(60_000);
    const before = libraryExpansions.count;
    let cards = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const next = mulberry32(seed);
      let m: Migration | undefined;
      const seen: Migration[] = [];
      for (let i = 0; i < 40; i++) {
        const event = randomEvent(next, m);
        [m] = transition(m, event, T0 + i * 61_000);
        if (m === undefined) continue;
        seen.push(m);
        for (const locale of ['de', 'en'] as const) {
          const where = `seed ${seed} event ${i} ${locale}`;
          for (const stepId of STEP_IDS) {
            sameAsLibrary(TEMPLATES.step, buildStepCardData(m, stepId, locale, next() < 0.3 ? { key: 'card-outdated' } : undefined), `${where} ${stepId}`);
          }
          sameAsLibrary(TEMPLATES.inputs, buildInputsCardData(m, locale), where);
          sameAsLibrary(TEMPLATES.status, buildStatusCardData(seen.slice(-3), locale), where);
          sameAsLibrary(TEMPLATES['reset-confirm'], buildResetCardData(m, locale), where);
          sameAsLibrary(TEMPLATES.done, buildDoneCardData(m, locale), where);
          cards += STEP_IDS.length + 4;
        }
      }
    }
    sameAsLibrary(TEMPLATES['did-you-mean'], buildDidYouMeanData('meinefirmna.de', DOMAIN, 'de'), 'did-you-mean');
    sameAsLibrary(TEMPLATES.status, buildStatusCardData([], 'en'), 'empty status');
    assert.ok(cards > 5000, `${cards} cards`);
    // Each comparison expands once with the library on purpose; renderCard itself never needed it.
    assert.equal(libraryExpansions.count - before, cards + 2);
  });

  it('every helpdesk diagnosis card, both locales, with and without a domain, without the library', () => {
    const before = libraryExpansions.count;
    let cards = 0;
    for (const entry of DIAGNOSES) {
      for (const language of ['de', 'en'] as const) {
        for (const domain of ['meinefirma.de', null]) {
          const result = { intent: entry.id, confidence: 0.9, language, evidence: [], domain, domainSource: domain ? 'context' as const : null, entry,
            checks: entry.checks.map((c, i) => ({ id: c, status: (['ok', 'missing', 'wrong', 'error'] as const)[i % 4], label: { de: c, en: c }, found: ['x'], advice: { de: 'a', en: 'b' } })),
            ruledOut: [], allRuledOut: false, clarify: null, answer: '' };
          const data = diagnosisCardData(result, 'Warum kommen Mails zurück?', language);
          sameAsLibrary(diagnosisTemplate, data, `${entry.id} ${language} ${domain}`);
          cards += 1;
        }
      }
    }
    assert.equal(libraryExpansions.count - before, cards);
  });

  const shapes = {
    type: 'AdaptiveCard', version: '1.5',
    body: [
      { type: 'TextBlock', text: '${title}', weight: '${weight}', wrap: '${wrap}' },
      { type: 'Container', $data: '${rows}', items: [{ type: 'TextBlock', text: '${text}' }, { type: 'TextBlock', $data: '${inner}', text: '${t}' }] },
      { type: 'ActionSet', $data: '${one}', actions: [{ type: 'Action.Execute', title: '${a.b}', data: '${payload}' }] },
      [{ type: 'Nested', $data: '${rows}', text: '${text}' }],
    ],
    holder: { type: 'Container', $data: '${rows}', text: '${text}' },
    list: '${rows}',
  };

  const cases: Array<[string, object]> = [
    ['arrays of several, one and no items', { title: 'T', weight: 3, wrap: false, rows: [{ text: 'r1', inner: [] }, { text: 'r2', inner: [{ t: 'i' }] }], one: { a: { b: 'B' }, payload: { verb: 'x', n: 1 } } }],
    ['one row (a single object, not a list)', { title: 'T', weight: 0, wrap: true, rows: [{ text: 'only', inner: { t: 'obj' } }], one: [{ a: { b: 'B' }, payload: {} }] }],
    ['no rows (null where a property, dropped in a list)', { title: '', weight: 'x', wrap: true, rows: [], one: [] }],
    ['a missing field', { weight: 1, wrap: true, rows: [], one: [] }],
    ['a null field', { title: null, weight: 1, wrap: true, rows: [], one: [] }],
    ['a field in other case', { Title: 'T', weight: 1, wrap: true, rows: [], one: [] }],
    ['text that looks like an expression', { title: 'hello ${evil}', weight: 1, wrap: true, rows: [], one: [] }],
    ['an expression in a nested value', { title: 'T', weight: 1, wrap: true, rows: [], one: { a: { b: 'B' }, payload: { x: ['${x}'] } } }],
    ['rows that are not objects', { title: 'T', weight: 1, wrap: true, rows: ['a', 'b'], one: [] }],
    ['a path through a string', { title: 'T', weight: 1, wrap: true, rows: [], one: { a: 'str', payload: 1 } }],
  ];
  for (const [name, data] of cases) {
    it(`same card or same failure: ${name}`, () => sameAsLibrary(shapes, data, name));
  }
});
