import assert from 'node:assert/strict';
import { renderProcedureCard } from '../../src/cards/procedure-cards';
import { CATALOG } from '../../src/i18n/catalog';
import { msg } from '../../src/i18n/message';
import { migrationRecordType } from '../../src/procedure/migration';
import { transition } from '../../src/procedure/transition';
import { SCHEMA_VERSION, type Migration } from '../../src/procedure/types';
import { decodeRecord, encodeRecord, type RecordType } from '../../src/store';
import { probe, withInputs } from './fixtures';

const type = migrationRecordType as RecordType<Migration>;
type Entry = { de: string; en: string };

/** Replaces one catalog text for the duration of `body` (the catalog is the single source of every text). */
function withCatalogText(code: keyof typeof CATALOG, entry: Entry, body: () => void): void {
  const catalog = CATALOG as unknown as Record<string, Entry>;
  const before = catalog[code]!;
  catalog[code] = entry;
  try { body(); } finally { catalog[code] = before; }
}

function cardText(m: Migration, locale: 'de' | 'en'): string {
  const rendered = renderProcedureCard({ kind: 'step', stepId: 'mx' }, m, locale);
  assert.ok(rendered.ok, JSON.stringify(rendered));
  return JSON.stringify(rendered.card);
}

/** Through the store's envelope and JSON, as SQLite and Redis keep it. */
function storedAndRead(envelope: unknown): Migration {
  const decoded = decodeRecord(type, JSON.parse(JSON.stringify(envelope)));
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
  return decoded.value;
}

describe('stored probe advice is a code, rendered from the catalog when shown', () => {
  it('a stored migration shows a changed catalog text on its card (no prose in the store)', () => {
    const [m] = transition(withInputs(), { type: 'probe-result', source: 'timer', results: [probe('mx', 'wrong', { advice: msg('probe.mx.exchange-online', { host: 'x.mail.protection.outlook.com' }) })] }, 5);
    const stored = encodeRecord(type, m!);
    assert.doesNotMatch(JSON.stringify(stored), /too early|zu früh/, 'no rendered prose in the stored record');
    const read = storedAndRead(stored);
    assert.match(cardText(read, 'en'), /points to Exchange Online \(x\.mail\.protection\.outlook\.com\) too early/);
    withCatalogText('probe.mx.exchange-online', { de: 'NEU: MX {host} zeigt auf Microsoft.', en: 'NEW: MX {host} points to Microsoft.' }, () => {
      assert.match(cardText(read, 'en'), /NEW: MX x\.mail\.protection\.outlook\.com points to Microsoft\./);
      assert.match(cardText(read, 'de'), /NEU: MX x\.mail\.protection\.outlook\.com zeigt auf Microsoft\./);
    });
  });

  it('an old (schemaVersion 1) migration with stored prose is upgraded, keeps working and renders from the catalog', () => {
    const [m] = transition(withInputs(), { type: 'probe-result', source: 'timer', results: [probe('mx', 'wrong')] }, 5);
    const v1 = structuredClone(m!) as unknown as { schemaVersion: number; steps: { mx: { lastProbe: Record<string, unknown> } } };
    v1.schemaVersion = 1;
    v1.steps.mx.lastProbe.advice = 'The MX points to Exchange Online too early (old wording).';
    v1.steps.mx.lastProbe.adviceLocalized = { en: 'The MX points to Exchange Online too early (old wording).', de: 'Der MX zeigt zu früh (alter Wortlaut).' };
    const read = storedAndRead({ type: 'migration', schemaVersion: 1, data: v1 });
    assert.equal(read.schemaVersion, SCHEMA_VERSION);
    assert.equal(read.steps.mx.lastProbe!.status, 'wrong');
    assert.deepEqual(read.steps.mx.lastProbe!.found, m!.steps.mx.lastProbe!.found);
    assert.equal('adviceLocalized' in read.steps.mx.lastProbe!, false);
    const de = cardText(read, 'de');
    assert.doesNotMatch(de, /alter Wortlaut/);
    assert.match(de, /Letzte Prüfung: falsch/);
    withCatalogText('probe.status.wrong', { de: 'nicht wie erwartet', en: 'not as expected' }, () => {
      assert.match(cardText(read, 'de'), /Letzte Prüfung: nicht wie erwartet/);
      assert.match(cardText(read, 'en'), /Last check: not as expected/);
    });
    // The upgraded migration goes on: a new probe stores a real code.
    const [next] = transition(read, { type: 'probe-result', source: 'timer', results: [probe('mx', 'ok', { advice: msg('probe.mx.ok') })] }, 6);
    assert.equal(next!.steps.mx.lastProbe!.advice.code, 'probe.mx.ok');
  });
});
