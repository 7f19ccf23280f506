import type { Localized } from '../i18n/locale';

/** What is wrong with one SPF term. `error`s make the record a permerror (RFC 7208 4.6); `warning`s do not. */
export type SpfIssueCode =
  | 'not-spf'
  | 'non-ascii'
  | 'bad-character'
  | 'ipv4-typo'
  | 'ip4-hostname'
  | 'bad-ip'
  | 'bad-cidr'
  | 'unknown-mechanism'
  | 'missing-domain'
  | 'unexpected-argument'
  | 'bad-domain'
  | 'bad-macro'
  | 'macro-exp-only'
  | 'duplicate-modifier'
  | 'bad-modifier'
  | 'qualified-modifier'
  | 'multiple-all'
  | 'redirect-ignored'
  | 'after-all'
  | 'plus-all'
  | 'ptr'
  | 'spf-type';

interface Texts {
  message: Localized;
  fix: Localized;
}

type Values = Readonly<Record<string, string | Localized>>;

function fill(template: string, values: Values, locale: 'de' | 'en'): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) return whole;
    return typeof value === 'string' ? value : value[locale];
  });
}

const catalog: Record<SpfIssueCode, { message: Localized; fix: Localized }> = {
  'not-spf': {
    message: { en: 'The record does not start with "v=spf1", so it is not an SPF record.', de: 'Der Eintrag beginnt nicht mit "v=spf1" und ist deshalb kein SPF-Eintrag.' },
    fix: { en: 'Start the record with "v=spf1" followed by a space.', de: 'Beginnen Sie den Eintrag mit "v=spf1" und einem Leerzeichen.' },
  },
  'non-ascii': {
    message: { en: 'The term "{term}" contains a character outside 7-bit ASCII (often an invisible character copied from a web page or document).', de: 'Der Begriff "{term}" enthält ein Zeichen außerhalb von 7-Bit-ASCII (oft ein unsichtbares Zeichen, das aus einer Webseite oder einem Dokument mitkopiert wurde).' },
    fix: { en: 'Type the term again by hand, without copying it.', de: 'Tippen Sie den Begriff von Hand neu ein, ohne ihn zu kopieren.' },
  },
  'bad-character': {
    message: { en: 'The term "{term}" contains a control character (tab or line break); SPF terms are separated by spaces only.', de: 'Der Begriff "{term}" enthält ein Steuerzeichen (Tabulator oder Zeilenumbruch); SPF-Begriffe werden nur durch Leerzeichen getrennt.' },
    fix: { en: 'Put the whole record on one line, with single spaces between terms.', de: 'Schreiben Sie den ganzen Eintrag in eine Zeile, mit einfachen Leerzeichen zwischen den Begriffen.' },
  },
  'ipv4-typo': {
    message: { en: '"{term}" is not an SPF mechanism: the mechanism is called "{good}", not "{bad}". Receivers reject the whole record (permerror).', de: '"{term}" ist kein SPF-Mechanismus: Er heißt "{good}", nicht "{bad}". Empfänger verwerfen dann den ganzen Eintrag (permerror).' },
    fix: { en: 'Write "{replacement}".', de: 'Schreiben Sie "{replacement}".' },
  },
  'ip4-hostname': {
    message: { en: '"{term}" gives a host name where ip4 needs an IPv4 address or network.', de: '"{term}" nennt einen Hostnamen, wo ip4 eine IPv4-Adresse oder ein Netz erwartet.' },
    fix: { en: 'Use "{replacement}" to authorize the addresses of that host, or write its IP address after "ip4:".', de: 'Verwenden Sie "{replacement}", um die Adressen dieses Hosts zu erlauben, oder schreiben Sie seine IP-Adresse hinter "ip4:".' },
  },
  'bad-ip': {
    message: { en: '"{term}" does not contain a valid {family} address.', de: '"{term}" enthält keine gültige {family}-Adresse.' },
    fix: { en: 'Write the address as {example}.', de: 'Schreiben Sie die Adresse in der Form {example}.' },
  },
  'bad-cidr': {
    message: { en: 'The prefix length in "{term}" is invalid ({reason}).', de: 'Die Präfixlänge in "{term}" ist ungültig ({reason}).' },
    fix: { en: 'Use /0 to /32 for IPv4 and //0 to //128 for IPv6, without leading zeros.', de: 'Verwenden Sie /0 bis /32 für IPv4 und //0 bis //128 für IPv6, ohne führende Nullen.' },
  },
  'unknown-mechanism': {
    message: { en: '"{term}" is not an SPF mechanism. Receivers reject the whole record (permerror).', de: '"{term}" ist kein SPF-Mechanismus. Empfänger verwerfen dann den ganzen Eintrag (permerror).' },
    fix: { en: 'Use one of all, include, a, mx, ptr, ip4, ip6, exists, or a modifier written name=value.', de: 'Verwenden Sie all, include, a, mx, ptr, ip4, ip6, exists oder einen Modifikator der Form name=wert.' },
  },
  'missing-domain': {
    message: { en: '"{term}" needs a domain after "{name}".', de: '"{term}" braucht eine Domain nach "{name}".' },
    fix: { en: 'Write it as {example}.', de: 'Schreiben Sie es in der Form {example}.' },
  },
  'unexpected-argument': {
    message: { en: '"{term}": the mechanism "{name}" takes no argument.', de: '"{term}": Der Mechanismus "{name}" hat kein Argument.' },
    fix: { en: 'Write just "{name}".', de: 'Schreiben Sie nur "{name}".' },
  },
  'bad-domain': {
    message: { en: 'The domain in "{term}" is not a valid domain name ({reason}).', de: 'Die Domain in "{term}" ist kein gültiger Domainname ({reason}).' },
    fix: { en: 'Write a fully qualified domain such as spf.example.com.', de: 'Schreiben Sie eine vollständige Domain wie spf.example.com.' },
  },
  'bad-macro': {
    message: { en: 'The macro in "{term}" is invalid ({reason}). A literal "%" must be written "%%".', de: 'Das Makro in "{term}" ist ungültig ({reason}). Ein wörtliches "%" wird "%%" geschrieben.' },
    fix: { en: 'Write macros in braces, for example %{d} or %{ir}.', de: 'Schreiben Sie Makros in geschweiften Klammern, zum Beispiel %{d} oder %{ir}.' },
  },
  'macro-exp-only': {
    message: { en: 'The macro letter "{letter}" in "{term}" is allowed only in explanation texts (RFC 7208 7.2).', de: 'Der Makrobuchstabe "{letter}" in "{term}" ist nur in Erklärungstexten erlaubt (RFC 7208 7.2).' },
    fix: { en: 'Use one of s, l, o, d, i, p, h, v here.', de: 'Verwenden Sie hier s, l, o, d, i, p, h oder v.' },
  },
  'duplicate-modifier': {
    message: { en: 'The modifier "{name}" appears more than once; that is a permerror (RFC 7208 6).', de: 'Der Modifikator "{name}" kommt mehr als einmal vor; das ist ein permerror (RFC 7208 6).' },
    fix: { en: 'Keep only one "{name}=".', de: 'Behalten Sie nur ein "{name}=".' },
  },
  'bad-modifier': {
    message: { en: '"{term}" is not a valid modifier: the name before "=" must start with a letter.', de: '"{term}" ist kein gültiger Modifikator: Der Name vor "=" muss mit einem Buchstaben beginnen.' },
    fix: { en: 'Remove the term, or write it as name=value.', de: 'Entfernen Sie den Begriff oder schreiben Sie ihn als name=wert.' },
  },
  'qualified-modifier': {
    message: { en: '"{term}": a modifier cannot carry a qualifier (+ - ~ ?).', de: '"{term}": Ein Modifikator kann keinen Qualifier (+ - ~ ?) tragen.' },
    fix: { en: 'Write "{replacement}".', de: 'Schreiben Sie "{replacement}".' },
  },
  'multiple-all': {
    message: { en: 'The record has more than one "all"; everything after the first one is never evaluated.', de: 'Der Eintrag enthält mehr als ein "all"; alles nach dem ersten wird nie ausgewertet.' },
    fix: { en: 'Keep one "all" term, at the end of the record.', de: 'Behalten Sie genau ein "all", am Ende des Eintrags.' },
  },
  'redirect-ignored': {
    message: { en: '"{term}" is ignored because the record also has an "all" term (RFC 7208 6.1).', de: '"{term}" wird ignoriert, weil der Eintrag auch ein "all" enthält (RFC 7208 6.1).' },
    fix: { en: 'Remove either the "all" term or the redirect.', de: 'Entfernen Sie entweder das "all" oder den redirect.' },
  },
  'after-all': {
    message: { en: '"{term}" stands after "all" and is never evaluated.', de: '"{term}" steht nach "all" und wird nie ausgewertet.' },
    fix: { en: 'Move it before the "all" term.', de: 'Setzen Sie es vor das "all".' },
  },
  'plus-all': {
    message: { en: '"{term}" authorizes every server on the internet to send mail for this domain.', de: '"{term}" erlaubt jedem Server im Internet, Mails für diese Domain zu versenden.' },
    fix: { en: 'Use "~all" (soft fail) or "-all" (fail) instead.', de: 'Verwenden Sie stattdessen "~all" (Softfail) oder "-all" (Fail).' },
  },
  ptr: {
    message: { en: '"{term}" uses the ptr mechanism, which RFC 7208 5.5 says should not be used: it is slow and unreliable, and many receivers ignore it.', de: '"{term}" verwendet den ptr-Mechanismus, von dem RFC 7208 5.5 abrät: Er ist langsam und unzuverlässig, viele Empfänger ignorieren ihn.' },
    fix: { en: 'Replace it with ip4:/ip6: ranges or a:/mx: terms.', de: 'Ersetzen Sie ihn durch ip4:/ip6:-Bereiche oder a:/mx:-Begriffe.' },
  },
  'spf-type': {
    message: { en: 'This record is published as DNS type SPF (99), which RFC 7208 3.1 retired; receivers only read TXT.', de: 'Dieser Eintrag ist als DNS-Typ SPF (99) veröffentlicht, den RFC 7208 3.1 abgeschafft hat; Empfänger lesen nur TXT.' },
    fix: { en: 'Publish the same text as a TXT record.', de: 'Veröffentlichen Sie denselben Text als TXT-Eintrag.' },
  },
};

/** The German and English message and fix for an issue, with its values filled in. Pure. */
export function describeSpfIssue(code: SpfIssueCode, values: Values): Texts {
  const entry = catalog[code];
  return {
    message: { de: fill(entry.message.de, values, 'de'), en: fill(entry.message.en, values, 'en') },
    fix: { de: fill(entry.fix.de, values, 'de'), en: fill(entry.fix.en, values, 'en') },
  };
}
