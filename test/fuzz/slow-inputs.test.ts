/** Inputs the fuzz run found to block the event loop, kept as direct regression tests (linear time expected). */
import assert from 'node:assert/strict';
import { findDomainInText } from '../../src/helpdesk/domain-in-text';

describe('@fuzz regressions: long pasted text stays linear', () => {
  it('findDomainInText on 100,000 address characters without an @ answers in well under a second', () => {
    for (const text of ['a'.repeat(100_000), 'a.'.repeat(50_000), `${'x'.repeat(100_000)} max@meinefirma.de`]) {
      const started = performance.now();
      const found = findDomainInText(text);
      const ms = performance.now() - started;
      // Quadratic scanning took about 9 s for 52,000 characters; linear takes a few ms. 500 ms leaves room for a busy machine.
      assert.ok(ms < 500, `${text.length} chars took ${ms.toFixed(0)} ms`);
      if (text.endsWith('meinefirma.de')) assert.equal(found, 'meinefirma.de');
    }
  });
});
