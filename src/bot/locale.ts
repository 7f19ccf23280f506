import type { Activity } from 'botbuilder';
import { pickLocale, type Locale } from '../i18n/locale';

/**
 * The user's language for this activity: `activity.locale`, else the Teams `clientInfo` entity's locale.
 * Pure.
 */
export function activityLocale(activity: Partial<Activity>): Locale {
  if (typeof activity.locale === 'string' && activity.locale !== '') return pickLocale(activity.locale);
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: unknown } | undefined;
  return pickLocale(typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined);
}
