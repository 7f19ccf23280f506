import type { Localized } from '../i18n/locale';
import type { ProbeStatus } from '../probes/types';
import type { CheckStatus } from './diagnose';

/** Person-facing texts of the helpdesk answer and card, German and English. */
export const HELPDESK_TEXT = {
  why: { de: 'Warum?', en: 'Why?' },
  checks: { de: 'Live-Prüfung für {domain}', en: 'Live check for {domain}' },
  checksNoDomain: { de: 'Live-Prüfung', en: 'Live check' },
  fix: { de: 'So beheben Sie es', en: 'How to fix it' },
  adminPath: { de: 'Im Admin Center', en: 'In the admin center' },
  powershell: { de: 'PowerShell (Exchange Online PowerShell; Resolve-DnsName in Windows PowerShell)', en: 'PowerShell (Exchange Online PowerShell; Resolve-DnsName in Windows PowerShell)' },
  ruledOutStep: {
    de: 'Schritt {n} („{title}") ist bestätigt, daher ist „{cause}" nicht die Ursache.',
    en: 'Step {n} ("{title}") is confirmed, so "{cause}" is not the cause.',
  },
  ruledOutChecks: {
    de: 'Die Live-Prüfung zeigt „{cause}" korrekt eingerichtet, daher ist das nicht die Ursache.',
    en: 'The live check shows "{cause}" set up correctly, so that is not the cause.',
  },
  nextLikely: { de: 'Nächstwahrscheinliche Ursache:', en: 'Next most likely cause:' },
  allRuledOut: {
    de: 'Alles, was ich prüfen kann, ist in Ordnung. Wenn der Fehler bleibt, prüfen Sie den Schritt erneut im Admin Center – eine Änderung kann bis zu einer Stunde brauchen – und fügen Sie die Unzustellbarkeitsnachricht hier ein.',
    en: 'Everything I can check is in order. If the problem stays, check the step again in the admin center — a change can take up to an hour — and paste the non-delivery report here.',
  },
  goto: { de: 'Zum Schritt {n}: {title}', en: 'Go to step {n}: {title}' },
  setting: { de: 'Zu prüfende Einstellung: {setting}', en: 'Setting to check: {setting}' },
  youAsked: { de: 'Ihre Frage', en: 'You asked' },
  confidence: { de: 'Diagnose, Sicherheit {percent} %', en: 'Diagnosis, confidence {percent}%' },
  viaModel: {
    de: 'Eingeordnet mit Hilfe eines Sprachmodells (Azure OpenAI); Ursache und Lösung stammen aus dem geprüften Katalog.',
    en: 'Placed with the help of a language model (Azure OpenAI); cause and fix come from the reviewed catalog.',
  },
  noChecks: {
    de: 'Ob das die Ursache ist, lässt sich im DNS nicht prüfen; bitte im Admin Center nachsehen.',
    en: 'DNS cannot tell whether this is the cause; please look in the admin center.',
  },
  domainPlaceholder: { de: '<Ihre Domäne>', en: '<your domain>' },
  unknownTitle: { de: 'Dazu habe ich keine Diagnose', en: 'I have no diagnosis for that' },
  unknownBody: {
    de: 'Ich helfe bei Mailproblemen im Mischbetrieb von Provider und Microsoft 365 und rate nicht. Beschreiben Sie das Symptom oder fügen Sie die Unzustellbarkeitsnachricht (z. B. „550 5.1.10“) ein. Ich erkenne:',
    en: 'I help with mail problems in the mixed operation of a provider and Microsoft 365, and I do not guess. Describe the symptom or paste the non-delivery report (e.g. "550 5.1.10"). I recognize:',
  },
} as const satisfies Record<string, Localized>;

export const STATUS_TEXT: Readonly<Record<CheckStatus, Localized>> = {
  ok: { de: 'in Ordnung', en: 'ok' },
  missing: { de: 'fehlt', en: 'missing' },
  wrong: { de: 'falsch', en: 'wrong' },
  error: { de: 'konnte nicht prüfen', en: 'could not check' },
  'not-run': { de: 'nicht geprüft', en: 'not checked' },
};

export const PROBE_LABEL: Readonly<Record<string, Localized>> = {
  'verify-domain': { de: 'TXT-Eintrag MS=ms… (Verifizierung)', en: 'TXT record MS=ms… (verification)' },
  mx: { de: 'MX zeigt auf den Provider', en: 'MX points to the provider' },
  autodiscover: { de: 'CNAME autodiscover → autodiscover.outlook.com', en: 'CNAME autodiscover → autodiscover.outlook.com' },
  spf: { de: 'SPF mit include:spf.protection.outlook.com', en: 'SPF with include:spf.protection.outlook.com' },
  dmarc: { de: 'DMARC-Eintrag _dmarc', en: 'DMARC record _dmarc' },
  dkim: { de: 'DKIM-Selektoren von Microsoft 365', en: 'DKIM selectors of Microsoft 365' },
};

export const NOT_RUN_REASON = {
  noDomain: {
    de: 'Keine Domäne bekannt: Nennen Sie die Domäne in der Frage oder starten Sie /migrate.',
    en: 'No domain known: name the domain in the question or start /migrate.',
  },
  noProbes: { de: 'Live-Prüfungen sind hier nicht verfügbar.', en: 'Live checks are not available here.' },
  timeout: { de: 'Keine Antwort rechtzeitig (Zeitüberschreitung).', en: 'No answer in time (timeout).' },
  failed: { de: 'Die Prüfung ist fehlgeschlagen: {detail}', en: 'The check failed: {detail}' },
} as const satisfies Record<string, Localized>;

/** Maps a probe status to the card's color name (Adaptive Cards TextBlock colors). */
export function statusColor(status: ProbeStatus | 'not-run'): 'Good' | 'Attention' | 'Warning' | 'Default' {
  switch (status) {
    case 'ok': return 'Good';
    case 'missing':
    case 'wrong': return 'Attention';
    case 'error': return 'Warning';
    default: return 'Default';
  }
}
