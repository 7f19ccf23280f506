/**
 * Benchmark: one card click — parse the action data and run the transition — for a migration with 200 users
 * (the largest checklist), and separately the rendering of the answer card. Baseline in the same run: the
 * store's share of the same turn, a JSON round trip of the migration (serialize to save, parse on load).
 * Target: the engine costs at most 10× that round trip. Rendering (the card's data, its expansion and its JSON
 * size) is reported as a ratio too, beside adaptivecards-templating's own expansion of the same card (what
 * renderCard ran before it expanded our templates itself); no target for it here.
 */
import { msg } from '../src/i18n/message';
import { parseCardAction } from '../src/cards/actions';
import { TEMPLATES, buildStepCardData, renderProcedureCard } from '../src/cards/procedure-cards';
import { renderCardWithLibrary } from '../src/cards/render';
import { transition } from '../src/procedure/transition';
import type { CardModel, Migration } from '../src/procedure/types';
import type { ProbeResult } from '../src/probes/types';

const USERS = 200;
const ITERATIONS = 2000;
const RENDER_ITERATIONS = 2000;
const LIBRARY_ITERATIONS = 200;
const TARGET_RATIO = 10;
const actor = { id: 'aad-starter', isConfiguredAdmin: false };

function setup(): Migration {
  const users = Array.from({ length: USERS }, (_, i) => `Benutzer ${i}; user${i}@meinefirma.de`).join('\n');
  let [m] = transition(undefined, { type: 'start', tenantId: 't', domain: 'meinefirma.de', actor }, 0);
  [m] = transition(m, { type: 'input', actor, values: { verificationValue: 'MS=ms12345678', tenantName: 'firma', provider: 'strato', users } }, 1);
  const ok = (id: string): ProbeResult => ({ id, status: 'ok', found: ['x'], expected: ['x'], advice: msg('probe.mx.ok') });
  [m] = transition(m, { type: 'probe-result', source: 'timer', results: [ok('verify-domain'), ok('mx'), ok('autodiscover')] }, 2);
  return m!;
}

function measure(label: string, iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(i);
  const t = performance.now();
  for (let i = 0; i < iterations; i++) fn(i);
  const perOp = (performance.now() - t) / iterations;
  console.log(`${label}: ${(perOp * 1000).toFixed(1)} µs`);
  return perOp;
}

const m = setup();
let sink = 0;
const baseline = measure('baseline: JSON save + load of the migration', ITERATIONS, () => {
  sink += (JSON.parse(JSON.stringify(m)) as Migration).revision;
});
let lastCard: CardModel | undefined;
let lastMigration: Migration | undefined;
const engine = measure('engine: parse click + transition (200 users)', ITERATIONS, (i) => {
  const data = { verb: 'migration.user-toggle', domain: 'meinefirma.de', revision: m.revision, stepId: 'user-addresses', address: `user${i % USERS}@meinefirma.de`, done: true };
  const parsed = parseCardAction(data, { actor, tenantId: 't' });
  if (!parsed.ok) throw new Error(parsed.reason);
  const [after, effects] = transition(m, parsed.event, 10 + i);
  const card = effects.find((e) => e.type === 'update-card');
  if (!after || !card || card.type !== 'update-card') throw new Error('no card');
  lastCard = card.card;
  lastMigration = after;
  sink += after.revision;
});
const render = measure('render: the answer card (checklist of 200, 30 rows shown)', RENDER_ITERATIONS, (i) => {
  const rendered = renderProcedureCard(lastCard!, lastMigration, i % 2 === 0 ? 'de' : 'en');
  if (!rendered.ok) throw new Error('render failed');
  sink += rendered.bytes;
});
const library = measure('render through adaptivecards-templating (same card, for comparison)', LIBRARY_ITERATIONS, (i) => {
  const locale = i % 2 === 0 ? 'de' : 'en';
  const card = lastCard!;
  if (card.kind !== 'step') throw new Error('not a step card');
  const expanded = renderCardWithLibrary(TEMPLATES.step, buildStepCardData(lastMigration!, card.stepId, locale, card.note));
  sink += Buffer.byteLength(JSON.stringify(expanded), 'utf8');
});
const ratio = engine / baseline;
console.log(`engine ratio: ${ratio.toFixed(1)}× the baseline (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'}`);
console.log(`render ratio: ${(render / baseline).toFixed(1)}× the baseline, ${(render / library).toFixed(2)}× the library's expansion (informational) [${sink > 0 ? 'ok' : ''}]`);
process.exitCode = ratio <= TARGET_RATIO ? 0 : 1;
