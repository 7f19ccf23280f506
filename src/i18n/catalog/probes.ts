/**
 * The advice of the DNS probes (src/probes, src/spf/verdict.ts), one code per verdict. Stored probe results carry
 * only these codes and their parameters, so a change here shows on every card, old migrations included.
 */
export const PROBES = {
  'text.sentences': { de: '{list}', en: '{list}' },
  'probe.could-not-check': {
    de: '{what} konnte nicht geprüft werden: {reason}. Über den Eintrag sagt das nichts; bitte später erneut prüfen oder einen anderen DNS-Server fragen.',
    en: 'Could not check {what}: {reason}. This says nothing about the record; try again later or ask another DNS server.',
  },
  'probe.could-not-check-at': {
    de: '{what} konnte nicht geprüft werden: {reason} ({server}). Über den Eintrag sagt das nichts; bitte später erneut prüfen oder einen anderen DNS-Server fragen.',
    en: 'Could not check {what}: {reason} ({server}). This says nothing about the record; try again later or ask another DNS server.',
  },
  'probe.could-not-check-detail': {
    de: 'Konnte nicht geprüft werden: {detail}',
    en: 'Could not check: {detail}',
  },
  'probe.timed-out': {
    de: 'Konnte nicht geprüft werden: Die DNS-Abfragen haben zu lange gedauert. Bitte später erneut prüfen.',
    en: 'Could not check: the DNS queries took too long. Please check again later.',
  },
  'probe.busy': {
    de: 'Gerade laufen sehr viele Prüfungen. Bitte versuchen Sie es in ein paar Sekunden erneut.',
    en: 'Many checks are running right now. Please try again in a few seconds.',
  },
  'probe.no-result': {
    de: 'Konnte nicht geprüft werden: Die Prüfung lieferte kein Ergebnis.',
    en: 'Could not check: the probe gave no result.',
  },
  'probe.no-live-check': {
    de: 'Für „{id}“ gibt es noch keine Live-Prüfung.',
    en: 'There is no live check "{id}" yet.',
  },
  'probe.stored-before-codes': {
    de: 'Letzte Prüfung: {status}. Klicken Sie auf „Jetzt prüfen“, um den aktuellen Hinweis zu sehen.',
    en: 'Last check: {status}. Click "Check now" to see the current advice.',
  },
  'probe.status.ok': { de: 'in Ordnung', en: 'ok' },
  'probe.status.missing': { de: 'fehlt', en: 'missing' },
  'probe.status.wrong': { de: 'falsch', en: 'wrong' },
  'probe.status.error': { de: 'konnte nicht geprüft werden', en: 'could not check' },

  'dns.reason.timeout': { de: 'keine Antwort in der Zeit', en: 'no answer in time' },
  'dns.reason.servfail': { de: 'der DNS-Server antwortete SERVFAIL', en: 'the DNS server answered SERVFAIL' },
  'dns.reason.refused': { de: 'der DNS-Server verweigerte die Anfrage (REFUSED)', en: 'the DNS server refused the query (REFUSED)' },
  'dns.reason.malformed': { de: 'die Antwort war unlesbar', en: 'the answer was unreadable' },
  'dns.reason.truncated': { de: 'die Antwort kam unvollständig an', en: 'the answer arrived incomplete' },
  'dns.reason.unreachable': { de: 'kein DNS-Server erreichbar (versucht: {servers})', en: 'no DNS server reachable (tried {servers})' },
  'dns.reason.network': { de: 'Netzwerkfehler', en: 'network error' },
  'dns.reason.cname-loop': { de: 'die CNAME-Kette ist eine Schleife', en: 'the CNAME chain loops' },
  'dns.reason.other': { de: 'unerwartete DNS-Antwort', en: 'unexpected DNS answer' },

  // `probe.what.*` start the German sentence of `probe.could-not-check`, hence the capital letter.
  'probe.what.mx': { de: 'Die MX-Einträge', en: 'the MX records' },
  'probe.what.ns': { de: 'Die Nameserver (NS)', en: 'the name servers (NS)' },
  'probe.what.mx-host': { de: 'Die Adresse des MX-Hosts', en: 'the address of the MX host' },
  'probe.what.autodiscover': { de: 'Der Autodiscover-Eintrag', en: 'the autodiscover record' },
  'probe.what.verify-domain': { de: 'Der TXT-Eintrag zur Domänenüberprüfung', en: 'the verification TXT record' },
  'probe.what.dmarc': { de: 'Der DMARC-Eintrag', en: 'the DMARC record' },

  'probe.mx.ns-microsoft': {
    de: 'Die Nameserver von {domain} wurden zu Microsoft 365 verlegt ({host}), damit gelten die DNS-Einträge des Anbieters nicht mehr. Stellen Sie die Nameserver beim Anbieter (bzw. Registrar) wieder auf den Anbieter zurück und prüfen Sie danach, ob die MX-Einträge des Anbieters wieder da sind; wählen Sie in Microsoft 365 stattdessen „Eigene DNS-Einträge hinzufügen“.',
    en: 'The name servers of {domain} were moved to Microsoft 365 ({host}), so the provider\'s records no longer count. Move the name servers back to your provider (at the provider or registrar), then check that the provider\'s MX records are there again; in Microsoft 365 choose "Add your own DNS records" instead.',
  },
  'probe.mx.none': {
    de: '{domain} hat keinen MX-Eintrag, es kann keine E-Mail ankommen. Stellen Sie die MX-Einträge Ihres bisherigen Anbieters wieder her.',
    en: '{domain} has no MX record, so no mail can arrive; restore the MX records of your current provider.',
  },
  'probe.mx.null': {
    de: 'Die Domäne veröffentlicht einen Null-MX („0 .“) und nimmt damit keine E-Mail an. Ersetzen Sie ihn durch die MX-Einträge Ihres Anbieters.',
    en: 'The domain publishes a null MX ("0 ."), which says it accepts no mail; replace it with your provider\'s MX records.',
  },
  'probe.mx.exchange-online': {
    de: 'Der MX zeigt zu früh auf Exchange Online ({host}): Im Mischbetrieb muss E-Mail zuerst beim Anbieter ankommen. Stellen Sie den MX bis zur endgültigen Umstellung auf den Anbieter zurück.',
    en: 'The MX points to Exchange Online ({host}) too early: in mixed operation mail must reach the provider first. Set the MX back to the provider until the final cut-over.',
  },
  'probe.mx.host-no-address-dot': {
    de: 'Der MX-Host {host} hat keine Adresse (weder A noch AAAA), E-Mail an {domain} kann also nicht zugestellt werden. Vermutlich fehlt der abschließende Punkt: Die DNS-Verwaltung hat die Domäne an {meant} angehängt. Tragen Sie den MX als {meant}. (mit abschließendem Punkt) ein, bzw. so, wie die Verwaltung einen vollständigen Hostnamen erwartet.',
    en: 'The MX host {host} has no address (neither A nor AAAA), so mail to {domain} cannot be delivered. It looks like the trailing dot is missing: the DNS panel appended the domain to {meant}. Enter the MX as {meant}. (with the trailing dot), or as the panel expects a full host name.',
  },
  'probe.mx.host-no-address': {
    de: 'Der MX-Host {host} hat keine Adresse (weder A noch AAAA), E-Mail an {domain} kann dort nicht zugestellt werden. Korrigieren Sie den MX auf den Hostnamen, den Ihr Anbieter angibt (prüfen Sie auf Tippfehler oder einen fehlenden abschließenden Punkt).',
    en: 'The MX host {host} has no address (neither A nor AAAA), so mail to {domain} cannot be delivered there. Correct the MX to the host name your provider gives (check for a typo or a missing trailing dot).',
  },
  'probe.mx.ok': {
    de: 'E-Mail kommt weiterhin zuerst beim bisherigen Anbieter an, wie es der Mischbetrieb braucht.',
    en: 'Mail still reaches the current provider first, as mixed operation needs.',
  },

  'probe.autodiscover.ok': {
    de: 'Outlook findet Exchange Online über {name}.',
    en: 'Outlook finds Exchange Online through {name}.',
  },
  'probe.autodiscover.wrong-target': {
    de: '{name} zeigt auf {target}. Ändern Sie den CNAME auf {want}.',
    en: '{name} points to {target}; change the CNAME to {want}.',
  },
  'probe.autodiscover.address-records': {
    de: '{name} hat Adresseinträge (A/AAAA) statt eines CNAME. Löschen Sie diese und legen Sie einen CNAME auf {want} an (kann der Anbieter das nicht, gilt der Ausweg aus der Anleitung).',
    en: '{name} has address records instead of a CNAME; delete them and add a CNAME to {want} (if the provider cannot, use the fallback from the guide).',
  },
  'probe.autodiscover.missing': {
    de: 'Legen Sie einen CNAME-Eintrag {name} mit dem Ziel {want} an.',
    en: 'Add a CNAME record {name} pointing to {want}.',
  },

  'probe.verify-domain.ok': {
    de: 'Der TXT-Eintrag zur Überprüfung ist veröffentlicht. Schließen Sie die Überprüfung der Domäne im Microsoft 365 Admin Center ab.',
    en: 'The verification record is published; confirm the domain in the Microsoft 365 admin center.',
  },
  'probe.verify-domain.missing': {
    de: 'Legen Sie bei {domain} einen TXT-Eintrag mit dem Wert {value} an (wie im Microsoft 365 Admin Center angezeigt).',
    en: 'Add a TXT record at {domain} with the value {value} (as shown in the Microsoft 365 admin center).',
  },
  'probe.verify-domain.wrong-value': {
    de: 'Der gefundene MS=-Eintrag ist nicht {value}. Korrigieren Sie den TXT-Wert genau auf den Wert aus Microsoft 365.',
    en: 'The MS= record found is not {value}; correct the TXT value to exactly what Microsoft 365 shows.',
  },
  'probe.verify-domain.wrong-form': {
    de: 'Der gefundene MS=-Eintrag hat nicht die Form MS=ms mit Ziffern. Kopieren Sie den Wert erneut aus dem Microsoft 365 Admin Center.',
    en: 'The MS= record found is not of the form MS=ms followed by digits; copy the value from the Microsoft 365 admin center again.',
  },

  'probe.spf.no-record': { de: '{domain} hat keinen SPF-Eintrag.', en: '{domain} has no SPF record.' },
  'probe.spf.publish': {
    de: 'Legen Sie bei {domain} einen TXT-Eintrag an: v=spf1 … include:{microsoft} … ~all.',
    en: 'Publish one TXT record at {domain}: v=spf1 … include:{microsoft} … ~all.',
  },
  'probe.spf.root-unreadable': {
    de: 'Die TXT-Einträge von {domain} konnten nicht gelesen werden ({error}).',
    en: 'Could not read the TXT records of {domain} ({error}).',
  },
  'probe.spf.root-failed': {
    de: 'Konnte nicht geprüft werden: Die DNS-Abfrage für {domain} ist fehlgeschlagen. Bitte später erneut prüfen.',
    en: 'Could not check: the DNS query for {domain} failed. Try again later.',
  },
  'probe.spf.multiple-records': {
    de: '{domain} veröffentlicht {count} SPF-Einträge; Empfänger werten das als permerror. Führen Sie sie zu einem zusammen.',
    en: '{domain} publishes {count} SPF records; receivers then return permerror. Merge them into one.',
  },
  'probe.spf.target-multiple': {
    de: '{domain} (über {via} erreicht) veröffentlicht mehr als einen SPF-Eintrag.',
    en: '{domain} (reached through {via}) publishes more than one SPF record.',
  },
  'probe.spf.target-none': {
    de: '{domain} (über {via} erreicht) hat keinen SPF-Eintrag; Empfänger werten das als permerror.',
    en: '{domain} (reached through {via}) has no SPF record; receivers then return permerror.',
  },
  'probe.spf.target-unreadable': {
    de: 'Der SPF-Eintrag von {domain} konnte nicht gelesen werden ({error}).',
    en: 'Could not read the SPF record of {domain} ({error}).',
  },
  'probe.spf.loop': { de: '{domain} wird in einer Schleife eingebunden.', en: '{domain} is included in a loop.' },
  'probe.spf.syntax-error': {
    de: 'Der SPF-Eintrag von {domain} hat einen Syntaxfehler in „{term}“.',
    en: 'The SPF record of {domain} has a syntax error in "{term}".',
  },
  'probe.spf.syntax-error-fix': {
    de: 'Der SPF-Eintrag von {domain} hat einen Syntaxfehler in „{term}“. Schreiben Sie „{replacement}“.',
    en: 'The SPF record of {domain} has a syntax error in "{term}". Write "{replacement}".',
  },
  'probe.spf.term-unchecked': {
    de: '„{term}“ in {domain} konnte nicht geprüft werden ({error}).',
    en: 'Could not check "{term}" in {domain} ({error}).',
  },
  'probe.spf.too-many-lookups': {
    de: 'Der SPF-Baum braucht {lookups} DNS-Abfragen; RFC 7208 erlaubt {limit}, Empfänger werten das als permerror.',
    en: 'The SPF tree needs {lookups} DNS lookups; RFC 7208 allows {limit}, receivers then return permerror.',
  },
  'probe.spf.too-many-void-lookups': {
    de: '{count} Begriffe verweisen auf Namen ohne Einträge; RFC 7208 erlaubt {limit}.',
    en: '{count} terms point at names without records; RFC 7208 allows {limit}.',
  },
  'probe.spf.microsoft-missing': {
    de: 'include:{microsoft} fehlt, deshalb scheitert E-Mail über Microsoft 365 an SPF.',
    en: 'include:{microsoft} is missing, so mail sent through Microsoft 365 fails SPF.',
  },
  'probe.spf.wrong': {
    de: '{reason} Ersetzen Sie den bisherigen Eintrag durch den korrigierten.',
    en: '{reason} Publish the corrected record instead of the current one.',
  },
  'probe.spf.not-walked': {
    de: 'Ein Teil des SPF-Baums konnte nicht abgefragt werden.',
    en: 'Part of the SPF tree could not be walked.',
  },
  'probe.spf.ok': {
    de: 'Der SPF-Eintrag ist gültig, bindet Microsoft 365 ein und braucht {lookups} von {limit} Abfragen.',
    en: 'The SPF record is valid, includes Microsoft 365 and needs {lookups} of {limit} lookups.',
  },
  'probe.spf.failed': {
    de: 'Der SPF-Eintrag konnte nicht geprüft werden: {detail}',
    en: 'Could not check the SPF record: {detail}',
  },

  'probe.dmarc.alignment': {
    de: 'Im Mischbetrieb müssen beide Absender ausgerichtet sein: SPF muss den Anbieter und Exchange Online erlauben (include:spf.protection.outlook.com), und jeder Signierer braucht DKIM für {domain} (Microsoft 365: die CNAMEs selector1/selector2; der Anbieter: seine eigenen Selektoren).',
    en: 'In mixed operation both senders must align: SPF must authorize the provider and Exchange Online (include:spf.protection.outlook.com), and each signer needs DKIM for {domain} (Microsoft 365: the selector1/selector2 CNAMEs; the provider: its own selectors).',
  },
  'probe.dmarc.problem.version-not-first': { de: 'v=DMARC1 ist nicht das erste Tag, daher ignorieren Empfänger den ganzen Eintrag', en: 'v=DMARC1 is not the first tag, so receivers ignore the whole record' },
  'probe.dmarc.problem.version-value': { de: 'die Version ist „{value}“ statt genau DMARC1 (Großbuchstaben)', en: 'the version is "{value}" instead of exactly DMARC1 (upper case)' },
  'probe.dmarc.problem.tag-syntax': { de: '„{value}“ hat nicht die Form Tag=Wert', en: '"{value}" is not of the form tag=value' },
  'probe.dmarc.problem.duplicate-tag': { de: 'das Tag {tag} kommt doppelt vor', en: 'the tag {tag} appears twice' },
  'probe.dmarc.problem.policy-missing': { de: 'das Pflicht-Tag p fehlt (Tag-Namen unterscheiden Groß- und Kleinschreibung: p, nicht P)', en: 'the required tag p is missing (tag names are case-sensitive: p, not P)' },
  'probe.dmarc.problem.policy-value': { de: '{tag}={value} ist weder none noch quarantine noch reject', en: '{tag}={value} is not none, quarantine or reject' },
  'probe.dmarc.problem.pct-range': { de: 'pct={value} ist keine ganze Zahl von 0 bis 100', en: 'pct={value} is not a whole number from 0 to 100' },
  'probe.dmarc.problem.uri-not-mailto': { de: 'die {tag}-Adresse „{value}“ ist keine mailto:-URI (schreiben Sie mailto:berichte@example.com)', en: 'the {tag} address "{value}" is not a mailto: URI (write mailto:reports@example.com)' },
  'probe.dmarc.problem.uri-address': { de: 'die {tag}-URI „{value}“ hat nach mailto: keine gültige E-Mail-Adresse', en: 'the {tag} URI "{value}" has no valid e-mail address after mailto:' },
  'probe.dmarc.problem.tag-value': { de: '{tag}={value} ist kein gültiger Wert', en: '{tag}={value} is not a valid value' },
  'probe.dmarc.invalid': {
    de: 'Der DMARC-Eintrag bei {name} ist ungültig: {list}. Korrigieren Sie ihn bei Ihrem DNS-Anbieter.',
    en: 'The DMARC record at {name} is invalid: {list}. Correct it at your DNS provider.',
  },
  'probe.dmarc.unknown-tags': {
    de: 'Empfänger ignorieren die unbekannten Tags {tags} (erlaubt, RFC 7489 6.3); prüfen Sie auf Tippfehler.',
    en: 'Receivers ignore the unknown tag(s) {tags} (allowed, RFC 7489 6.3); check for a typo.',
  },
  'probe.dmarc.reports-to': { de: 'Sammelberichte gehen an {rua}.', en: 'Aggregate reports go to {rua}.' },
  'probe.dmarc.add-rua': {
    de: 'Ergänzen Sie rua=mailto:dmarc@{domain}, um die Berichte zu erhalten, die zeigen, welcher Absender durchfällt.',
    en: 'Add rua=mailto:dmarc@{domain} to receive the reports that show which sender fails.',
  },
  'probe.dmarc.stage.none': {
    de: 'DMARC ist mit p=none veröffentlicht (nur Beobachtung). Wenn die Berichte zeigen, dass beide Absender bestehen, verschärfen Sie auf p=quarantine und Wochen später auf p=reject.',
    en: 'DMARC is published with p=none (monitoring only). When the reports show that both senders pass, tighten it to p=quarantine and weeks later to p=reject.',
  },
  'probe.dmarc.stage.quarantine': {
    de: 'DMARC verlangt, durchfallende E-Mails in Quarantäne zu stellen (p=quarantine). Bleiben die Berichte sauber, wechseln Sie zu p=reject.',
    en: 'DMARC asks receivers to quarantine failing mail (p=quarantine). When the reports stay clean, move to p=reject.',
  },
  'probe.dmarc.stage.reject': {
    de: 'DMARC verlangt, durchfallende E-Mails abzuweisen (p=reject): E-Mails von einem nicht ausgerichteten Absender kommen zurück.',
    en: 'DMARC asks receivers to reject failing mail (p=reject): mail from a sender that is not aligned bounces.',
  },
  'probe.dmarc.pct': {
    de: 'Nur {pct} % der durchfallenden E-Mails erhalten die Richtlinie (pct).',
    en: 'Only {pct}% of failing mail gets the policy (pct).',
  },
  'probe.dmarc.missing': {
    de: 'Veröffentlichen Sie bei {name} einen TXT-Eintrag „v=DMARC1; p=none; rua=mailto:dmarc@{domain}“. Beginnen Sie mit p=none, lesen Sie die Berichte und verschärfen Sie dann auf quarantine und reject.',
    en: 'Publish a TXT record at {name}: "v=DMARC1; p=none; rua=mailto:dmarc@{domain}". Start with p=none, read the reports, then tighten to quarantine and reject.',
  },
  'probe.dmarc.not-first': {
    de: 'Der Eintrag bei {name} beginnt nicht mit v=DMARC1, daher ignorieren Empfänger ihn. Stellen Sie v=DMARC1 an den Anfang.',
    en: 'The record at {name} does not start with v=DMARC1, so receivers ignore it; move v=DMARC1 to the front.',
  },
  'probe.dmarc.multiple': {
    de: '{name} hat {count} DMARC-Einträge, daher wenden Empfänger keinen davon an (RFC 7489 6.6.3). Fassen Sie sie zu einem zusammen.',
    en: '{name} has {count} DMARC records, so receivers apply none of them (RFC 7489 6.6.3); merge them into one.',
  },
  'probe.what.dkim': { de: 'Die DKIM-Selektor-Einträge', en: 'the DKIM selector records' },
  'probe.dkim.provider-kept': {
    de: 'Die DKIM-Selektoren des Anbieters {list} sind erhalten: E-Mails aus den Postfächern, die noch beim Anbieter liegen, bleiben für {domain} signiert.',
    en: 'The provider\'s DKIM selector(s) {list} are kept: mail from the mailboxes still at the provider stays signed for {domain}.',
  },
  'probe.dkim.provider-lost': {
    de: 'Die DKIM-Selektoren des Anbieters {list} sind verloren (kein gültiger Schlüssel): E-Mails aus den Postfächern beim Anbieter sind nicht mehr DKIM-signiert. Stellen Sie den Eintrag in den DNS-Einstellungen des Anbieters wieder her.',
    en: 'The provider\'s DKIM selector(s) {list} are lost (no valid key): mail from the mailboxes still at the provider is no longer DKIM-signed; restore the record in the provider\'s DNS settings.',
  },
  'probe.dkim.provider-unknown': {
    de: 'Die DKIM-Selektoren des Anbieters {list} konnten nicht geprüft werden.',
    en: 'The provider\'s DKIM selector(s) {list} could not be checked.',
  },
  'probe.dkim.enable': {
    de: 'Schalten Sie dann das Signieren ein: Microsoft Defender-Portal > E-Mail und Zusammenarbeit > Richtlinien und Regeln > Bedrohungsrichtlinien > E-Mail-Authentifizierungseinstellungen > DKIM > {domain} > Nachrichten für diese Domäne mit DKIM-Signaturen signieren, oder in Exchange Online PowerShell: Set-DkimSigningConfig -Identity {domain} -Enabled $true.',
    en: 'Then turn signing on: Microsoft Defender portal > Email & collaboration > Policies & rules > Threat policies > Email authentication settings > DKIM > {domain} > Sign messages for this domain with DKIM signatures, or in Exchange Online PowerShell: Set-DkimSigningConfig -Identity {domain} -Enabled $true.',
  },
  'probe.dkim.txt-key': {
    de: '{name} ist ein TXT-Schlüssel, der statt des CNAME kopiert wurde: Microsoft wechselt seine Schlüssel, die Kopie passt dann nicht mehr. Löschen Sie den TXT-Eintrag und legen Sie den CNAME {want} an.',
    en: '{name} is a TXT key copied in place of the CNAME: Microsoft rotates its keys, so the copy stops matching; delete the TXT and add the CNAME {want}.',
  },
  'probe.dkim.copied-target': {
    de: '{name} zeigt auf {target}, den Microsoft-Eintrag einer anderen Domäne oder eines anderen Selektors. Verwenden Sie selector{n}-{dashed}, wie für {domain} angezeigt.',
    en: '{name} points to {target}, which is Microsoft\'s record for another domain or selector; use selector{n}-{dashed} as shown for {domain}.',
  },
  'probe.dkim.other-target': {
    de: '{name} zeigt auf {target}, nicht auf den DKIM-Host von Microsoft 365. Übernehmen Sie den Wert aus Exchange Online PowerShell: Get-DkimSigningConfig -Identity {domain} | Format-List Selector{n}CNAME.',
    en: '{name} points to {target}, not to Microsoft 365\'s DKIM host; copy the value from Exchange Online PowerShell: Get-DkimSigningConfig -Identity {domain} | Format-List Selector{n}CNAME.',
  },
  'probe.dkim.missing': {
    de: 'Legen Sie bei Ihrem DNS-Anbieter zwei CNAME-Einträge an: {a} → selector1-{dashed}._domainkey.<tenant>.onmicrosoft.com und {b} → selector2-{dashed}._domainkey.<tenant>.onmicrosoft.com (die genauen Werte in Exchange Online PowerShell: Get-DkimSigningConfig -Identity {domain} | Format-List Selector1CNAME, Selector2CNAME; neuere Domänen erhalten …dkim.mail.microsoft).',
    en: 'Add two CNAME records at your DNS provider: {a} → selector1-{dashed}._domainkey.<tenant>.onmicrosoft.com and {b} → selector2-{dashed}._domainkey.<tenant>.onmicrosoft.com (the exact values in Exchange Online PowerShell: Get-DkimSigningConfig -Identity {domain} | Format-List Selector1CNAME, Selector2CNAME; newer domains get …dkim.mail.microsoft).',
  },
  'probe.dkim.one-selector': {
    de: 'Nur einer der beiden Selektoren ist veröffentlicht: Legen Sie auch {name} als CNAME auf selector{n}-{dashed}._domainkey.<tenant>… an, sonst bricht die Signatur beim nächsten Schlüsselwechsel.',
    en: 'Only one of the two selectors is published: add {name} as a CNAME to selector{n}-{dashed}._domainkey.<tenant>… as well, or signing breaks at the next key rotation.',
  },
  'probe.dkim.two-tenants': {
    de: 'Die beiden Selektoren zeigen auf verschiedene Mandanten ({a}, {b}); beide müssen aus Get-DkimSigningConfig des Mandanten stammen, der für {domain} sendet.',
    en: 'The two selectors point to different tenants ({a}, {b}); both must come from Get-DkimSigningConfig of the tenant that sends for {domain}.',
  },
  'probe.dkim.ok': {
    de: 'Beide DKIM-Selektoren von Microsoft 365 zeigen für {domain} auf Microsoft.',
    en: 'Both Microsoft 365 DKIM selectors point to Microsoft for {domain}.',
  },
  'probe.propagation.ttl-unknown': {
    de: 'Auf den Nameservern veröffentlicht; {servers} liefern noch eine ältere Antwort aus dem Cache (TTL unbekannt).',
    en: 'Published on the name servers; {servers} still serve an older answer from their cache (TTL unknown).',
  },
  'probe.propagation.by': {
    de: 'Auf den Nameservern veröffentlicht; öffentliche Resolver sehen es spätestens gegen {at} (TTL {wait}): {servers} liefern noch die alte Antwort aus dem Cache.',
    en: 'Published on the name servers; public resolvers will see it by about {at} (TTL {wait}): {servers} still serve the old answer from their cache.',
  },
} as const satisfies Readonly<Record<`${'probe' | 'dns' | 'text'}.${string}`, { de: string; en: string }>>;
