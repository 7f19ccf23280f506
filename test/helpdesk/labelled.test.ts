import assert from 'node:assert/strict';
import { evaluateSplit, loadSplit } from './accuracy';
import { INTENT_IDS } from '../../src/helpdesk/types';

describe('helpdesk labelled questions', () => {
  it('has at least 300 questions, a third of them everyday phrasings without codes, at least 10 per intent, half German and half English', () => {
    const all = [...loadSplit('heldout'), ...loadSplit('tuning')];
    assert.ok(all.length >= 300, `only ${all.length}`);
    const everyday = all.filter((i) => i.style === 'everyday');
    assert.ok(everyday.length * 3 >= all.length, `${everyday.length} everyday of ${all.length}`);
    for (const item of everyday) assert.doesNotMatch(item.text, /\b[245]\.\d{1,3}\.\d{1,3}\b/, `everyday item with a code: ${item.text}`);
    for (const id of INTENT_IDS) {
      const items = all.filter((i) => i.intent === id);
      assert.ok(items.length >= 10, `${id}: ${items.length}`);
      const de = items.filter((i) => i.lang === 'de').length;
      assert.equal(de * 2, items.length, `${id}: ${de} German of ${items.length}`);
    }
    for (const item of all) assert.ok((INTENT_IDS as readonly string[]).includes(item.intent), item.intent);
  });

  it('held-out split (never tuned on): overall accuracy >= 95%, >= 90% per intent, off-topic -> unknown >= 95%', () => {
    const report = evaluateSplit(loadSplit('heldout'));
    console.log(`\n      held-out split\n${report.table.replace(/^/gm, '      ')}`);
    for (const m of report.misses) console.log(`      miss: ${m.item.intent} -> ${m.got} (${m.confidence}): ${m.item.text.slice(0, 90)}`);
    assert.ok(report.correct / report.total >= 0.95, `overall ${report.correct}/${report.total}`);
    for (const [id, row] of report.perIntent) assert.ok(row.total === 0 || row.correct / row.total >= 0.9, `${id}: ${row.correct}/${row.total}`);
    const unknown = report.perIntent.get('unknown')!;
    assert.ok(unknown.total >= 20 && unknown.correct / unknown.total >= 0.95, `off-topic ${unknown.correct}/${unknown.total}`);
  });

  it('tuning split stays at >= 95% (guards against regressions while tuning)', () => {
    const report = evaluateSplit(loadSplit('tuning'));
    console.log(`\n      tuning split\n${report.table.replace(/^/gm, '      ')}`);
    assert.ok(report.correct / report.total >= 0.95, `overall ${report.correct}/${report.total}`);
  });
});
