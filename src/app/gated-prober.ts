import { msg, type Message } from '../i18n/message';
import type { ProbeGate } from '../limits/probe-gate';
import type { ProbeResult } from '../probes/types';
import type { MigrationProber } from './deps';

function couldNotCheck(id: string, advice: Message): ProbeResult {
  return { id, status: 'error', found: null, expected: null, advice };
}

/**
 * Runs every probe batch of this process through the probe gate (bounded concurrency and queue, a deadline per
 * batch). A full queue, a deadline or a failure is "could not check" for each step asked, never "missing".
 * Never rejects.
 */
export function gateProber(prober: MigrationProber, gate: ProbeGate, signal?: AbortSignal): MigrationProber {
  return async (migration, stepIds) => {
    const outcome = await gate.run(() => prober(migration, stepIds), signal);
    if (outcome.kind === 'ok') return outcome.value;
    const advice = msg(outcome.kind === 'busy' ? 'probe.busy' : 'probe.timed-out');
    return { results: stepIds.map((id) => couldNotCheck(id, advice)) };
  };
}
