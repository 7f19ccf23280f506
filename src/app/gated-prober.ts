import type { ProbeGate } from '../limits/probe-gate';
import { probesBusyText } from '../limits/messages';
import type { ProbeResult } from '../probes/types';
import type { MigrationProber } from './deps';

function couldNotCheck(id: string, advice: { de: string; en: string }): ProbeResult {
  return { id, status: 'error', found: null, expected: null, advice: advice.en, adviceLocalized: advice };
}

const timedOut = {
  de: 'Konnte nicht geprüft werden: die DNS-Abfragen haben zu lange gedauert. Bitte später erneut prüfen.',
  en: 'Could not check: the DNS queries took too long. Please check again later.',
};

/**
 * Runs every probe batch of this process through the probe gate (bounded concurrency and queue, a deadline per
 * batch). A full queue, a deadline or a failure is "could not check" for each step asked, never "missing".
 * Never rejects.
 */
export function gateProber(prober: MigrationProber, gate: ProbeGate, signal?: AbortSignal): MigrationProber {
  return async (migration, stepIds) => {
    const outcome = await gate.run(() => prober(migration, stepIds), signal);
    if (outcome.kind === 'ok') return outcome.value;
    const advice = outcome.kind === 'busy' ? { de: probesBusyText('de'), en: probesBusyText('en') } : timedOut;
    return { results: stepIds.map((id) => couldNotCheck(id, advice)) };
  };
}
