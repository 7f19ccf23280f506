import type { Locale } from '../i18n/locale';
import { STEPS } from '../procedure/steps';
import type { ProcedureStepId } from './types';

/**
 * The procedure step a diagnosis points to, as a person reads it: its number in the guide and its title
 * ("6", "Domänentyp auf Interne Relaydomäne stellen"), never the internal id. Pure.
 */
export function stepLabel(stepId: ProcedureStepId, locale: Locale): { n: number; title: string } {
  const index = STEPS.findIndex((step) => step.id === stepId);
  const step = STEPS[index];
  return step ? { n: index + 1, title: step.title[locale] } : { n: 0, title: stepId };
}
