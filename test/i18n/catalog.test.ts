import assert from 'node:assert/strict';
import { CATALOG, CATALOGS } from '../../src/i18n/catalog';
import { duForms } from '../../src/i18n/register';

const placeholders = (template: string): string[] => [...template.matchAll(/\{(\w*)\}/g)].map((m) => m[1]!).sort();

describe('i18n catalogs', () => {
  it('the register check finds du-forms and passes Sie-forms (table)', () => {
    const informal = [
      'Klicke auf „Jetzt prüfen“.', 'Meintest du meinefirma.de?', 'Hake jeden Benutzer ab.', 'Trag den Wert ein.',
      'Öffne das Exchange Admin Center.', 'Starte sie mit /migrate.', 'Wenn du fertig bist, …', 'Deine Domäne', 'Das zeigt dir den Stand.',
      'Prüfe den Eintrag.', 'Wähle „Interne Relaydomäne“.', 'Du kannst das später ändern.', 'Kopiere den Wert.',
    ];
    for (const text of informal) assert.notDeepEqual(duForms(text), [], text);
    const formal = [
      'Klicken Sie auf „Jetzt prüfen“.', 'Meinten Sie meinefirma.de?', 'Haken Sie jeden Benutzer ab.', 'Tragen Sie den Wert ein.',
      'Öffnen Sie das Exchange Admin Center.', 'Ich prüfe wieder um 10:00 (UTC).', 'Durch die Dunkelheit', 'Dirk Müller', 'Prüfung läuft',
      'Wählen Sie „Interne Relaydomäne“.', 'Ihr Anbieter', 'dual', 'Dienstag',
    ];
    for (const text of formal) assert.deepEqual(duForms(text), [], text);
  });

  for (const [area, catalog] of Object.entries(CATALOGS)) {
    describe(area, () => {
      const entries = Object.entries(catalog as Record<string, { de?: string; en?: string }>);
      it('has texts', () => assert.ok(entries.length > 0));
      it('every code has German and English, non-empty', () => {
        for (const [code, entry] of entries) {
          assert.equal(typeof entry.de, 'string', `${code}: de`);
          assert.equal(typeof entry.en, 'string', `${code}: en`);
          assert.ok(entry.de!.trim().length > 0 && entry.en!.trim().length > 0, `${code}: empty text`);
        }
      });
      it('no empty placeholder, and both languages use the same placeholders', () => {
        for (const [code, entry] of entries) {
          assert.ok(!placeholders(entry.de!).includes('') && !placeholders(entry.en!).includes(''), `${code}: empty placeholder {}`);
          assert.deepEqual([...new Set(placeholders(entry.de!))], [...new Set(placeholders(entry.en!))], `${code}: placeholders differ`);
          // "through autodiscover.." : a placeholder must not be glued between two dots.
          assert.doesNotMatch(`${entry.de} ${entry.en}`, /\.\./, `${code}: two dots in a row`);
        }
      });
      it('German is "Sie" throughout (no du-forms)', () => {
        for (const [code, entry] of entries) assert.deepEqual(duForms(entry.de!), [], `${code}: ${entry.de}`);
      });
      it('German uses the admin centers\' terms for the accepted domain types', () => {
        for (const [code, entry] of entries) assert.doesNotMatch(entry.de!, /Autorisierend|„Autoritativ“|Internes Relay\b/, code);
      });
    });
  }

  it('the merged catalog has every area\'s codes once', () => {
    const total = Object.values(CATALOGS).reduce((n, c) => n + Object.keys(c).length, 0);
    assert.equal(Object.keys(CATALOG).length, total, 'a code is defined in two areas');
  });
});
