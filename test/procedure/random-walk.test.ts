import assert from 'node:assert/strict';
import { renderProcedureCard } from '../../src/cards/procedure-cards';
import { computeCurrentStep, migrationRecordType } from '../../src/procedure/migration';
import { transition } from '../../src/procedure/transition';
import { SCHEMA_VERSION, type Migration } from '../../src/procedure/types';
import { mulberry32 as rng } from '../support/random';
import { T0, deepFreeze, randomEvent } from './fixtures';

describe('procedure/transition: random walks keep the invariants', () => {
  it('300 seeded walks of 60 events: never throws, never mutates, revision only grows, state stays valid and renderable', function () {
    this.timeout(60_000);
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      let m: Migration | undefined;
      let now = T0;
      for (let i = 0; i < 60; i++) {
        const event = randomEvent(next, m);
        const before = m === undefined ? undefined : JSON.stringify(m);
        const [after, effects] = transition(m === undefined ? undefined : deepFreeze(m), event, now);
        const where = `seed ${seed}, event ${i}: ${JSON.stringify(event)}`;
        assert.ok(!effects.some((e) => e.type === 'reply' && e.message.key === 'bad-event'), where);
        if (m !== undefined) assert.equal(JSON.stringify(m), before, `input mutated at ${where}`);
        if (after !== undefined) {
          assert.equal(after.schemaVersion, SCHEMA_VERSION);
          assert.equal(migrationRecordType.validate(after), undefined, where);
          assert.equal(after.currentStep, computeCurrentStep(after), where);
          if (m !== undefined && after !== m) assert.ok(after.revision > m.revision, where);
          if (m !== undefined && after === m) assert.equal(after.revision, m.revision);
          for (const e of effects) {
            if (e.type === 'schedule-recheck') assert.ok(e.at >= now + 60_000, where);
          }
          if (i % 10 === 0) {
            for (const e of effects) {
              if (e.type === 'update-card' || e.type === 'send-card') {
                const r = renderProcedureCard(e.card, after, i % 20 === 0 ? 'de' : 'en');
                assert.ok(r.ok, `${where}: ${JSON.stringify(r)}`);
              }
            }
          }
        }
        m = after;
        now += Math.floor(next() * 120_000);
      }
    }
  });
});
