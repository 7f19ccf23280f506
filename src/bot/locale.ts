import type { Activity } from 'botbuilder';
import { pickLocale, type Locale } from '../i18n/locale';

/**
 * The user's language for this activity: `activity.locale`, else the Teams `clientInfo` entity's locale.
 * Pure.
 */
export function activityLocale(activity: Partial<Activity>): Locale {
  if (typeof activity.locale === 'string' && activity.locale !== '') return pickLocale(activity.locale);
  // Entities come from the wire: a null or non-object entry must not throw (it made an invoke answer 501).
  const entities: unknown[] = Array.isArray(activity.entities) ? activity.entities : [];
  const clientInfo = entities.find((e) => e !== null && typeof e === 'object' && (e as { type?: unknown }).type === 'clientInfo') as { locale?: unknown } | undefined;
  return pickLocale(typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined);
}
