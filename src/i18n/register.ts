/**
 * The German register check: the product addresses people as "Sie", as Microsoft's German admin centers do.
 * `duForms` finds informal second-person forms (pronouns, possessives, verb forms and imperatives without "Sie").
 * Pure.
 */

const PRONOUNS = ['du', 'dich', 'dir', 'dein', 'deine', 'deinen', 'deinem', 'deiner', 'deines', 'euch', 'euer', 'eure', 'euren', 'eurem', 'eurer'];

// Second person singular verb forms ("hast", "kannst") and du-imperatives ("klicke", "trag ein"); a Sie-form
// imperative puts "Sie" right after the verb ("Klicken Sie"), these forms never take it.
const VERB_FORMS = [
  'hast', 'bist', 'kannst', 'musst', 'willst', 'sollst', 'darfst', 'brauchst', 'meintest', 'siehst', 'findest', 'weißt', 'möchtest', 'wirst', 'hattest', 'warst',
  'klick', 'klicke', 'trag', 'trage', 'öffne', 'starte', 'hake', 'wähle', 'gib', 'leg', 'lege', 'kopiere', 'ändere', 'stell', 'stelle',
  'füg', 'füge', 'schau', 'geh', 'gehe', 'melde', 'richte', 'setz', 'setze', 'lösch', 'lösche', 'speichere', 'bestätige', 'warte', 'tippe',
  'nimm', 'wechsle', 'entferne', 'ersetze', 'korrigiere', 'ergänze', 'veröffentliche', 'verwende', 'schreib', 'schreibe', 'prüfe', 'sieh',
  'such', 'suche', 'aktiviere', 'deaktiviere', 'füll', 'fülle', 'sende', 'schick', 'schicke', 'wiederhole', 'versuch', 'versuche', 'lies', 'hol', 'hole',
];

const WORD = /[\p{L}\p{N}]+/gu;

/** Informal forms in a German text, as found (empty when the text is all "Sie"). A verb form after "ich" is first person. */
export function duForms(text: string): string[] {
  const words = [...text.matchAll(WORD)].map((m) => m[0]);
  const found: string[] = [];
  words.forEach((word, i) => {
    const lower = word.toLowerCase();
    if (PRONOUNS.includes(lower)) { found.push(word); return; }
    if (!VERB_FORMS.includes(lower)) return;
    const before = words[i - 1]?.toLowerCase();
    const after = words[i + 1];
    if (before === 'ich' || before === 'es' || after === 'Sie' || after === 'ich') return;
    found.push(word);
  });
  return found;
}
