import assert from 'node:assert/strict';
import { evaluateSplit, loadSplit } from './accuracy';
import { INTENT_IDS } from '../../src/helpdesk/types';

describe('helpdesk labelled questions', () => {
  it('has at least 150 questions, at least 10 per intent, half German and half English', () => {
    const all = [...loadSplit('heldout'), ...loadSplit('tuning')];
    assert.ok(all.length >= 150, `only ${all.length}`);
    for (const id of INTENT_IDS) {
      const items = all.filter((i) => i.intent === id);
      assert.ok(items.length >= 10, `${id}: ${items.length}`);
      const de = items.filter((i) => i.lang === 'de').length;
      assert.equal(de * 2, items.length, `${id}: ${de} German of ${items.length}`);
    }
    for (const item of all) assert.ok((INTENT_IDS as readonly string[]).includes(item.intent), item.intent);
  });

  it('held-out split (never tuned on): overall accuracy >= 95%, off-topic -> unknown >= 95%', () => {
    const report = evaluateSplit(loadSplit('heldout'));
    console.log(`\n      held-out split\n${report.table.replace(/^/gm, '      ')}`);
    for (const m of report.misses) console.log(`      miss: ${m.item.intent} -> ${m.got} (${m.confidence}): ${m.item.text.slice(0, 90)}`);
    assert.ok(report.correct / report.total >= 0.95, `overall ${report.correct}/${report.total}`);
    const unknown = report.perIntent.get('unknown')!;
    assert.ok(unknown.total >= 20 && unknown.correct / unknown.total >= 0.95, `off-topic ${unknown.correct}/${unknown.total}`);
  });

  it('tuning split stays at >= 95% (guards against regressions while tuning)', () => {
    const report = evaluateSplit(loadSplit('tuning'));
    console.log(`\n      tuning split\n${report.table.replace(/^/gm, '      ')}`);
    assert.ok(report.correct / report.total >= 0.95, `overall ${report.correct}/${report.total}`);
  });
});
