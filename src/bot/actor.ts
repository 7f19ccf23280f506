import type { Activity } from 'botbuilder';
import type { Actor } from '../procedure/types';

export { DEV_TENANT_ID } from '../app/deps';

/**
 * Who acts in this activity: the Entra object id (`from.aadObjectId`), or `from.id` where a client sends none
 * (the local playground). `isConfiguredAdmin` when the id or the UPN-like name is in COEXIST_ADMINS. Pure.
 * Returns undefined for an activity without any sender id.
 */
export function actorFrom(activity: Partial<Activity>, admins: readonly string[]): Actor | undefined {
  const from = activity.from;
  const id = (typeof from?.aadObjectId === 'string' && from.aadObjectId !== '' ? from.aadObjectId : from?.id) ?? '';
  if (typeof id !== 'string' || id === '') return undefined;
  const keys = [id.toLowerCase(), ...(typeof from?.name === 'string' ? [from.name.toLowerCase()] : [])];
  const isConfiguredAdmin = admins.length > 0 && keys.some((k) => admins.includes(k));
  return { id, ...(typeof from?.name === 'string' && from.name !== '' ? { name: from.name } : {}), isConfiguredAdmin };
}

/**
 * The Entra tenant of the activity: `conversation.tenantId`, else Teams' `channelData.tenant.id`, else
 * `fallback` (the dev tenant in local anonymous mode). Pure. Undefined when none is known: refuse the turn.
 */
export function tenantFrom(activity: Partial<Activity>, fallback?: string): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation !== '') return fromConversation;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannel = channelData?.tenant?.id;
  if (typeof fromChannel === 'string' && fromChannel !== '') return fromChannel;
  return fallback;
}

/**
 * May this actor start a migration? With COEXIST_ADMINS set, only those admins; without it, anyone (the
 * starter then owns the migration). Pure.
 */
export function mayStart(actor: Actor, admins: readonly string[]): boolean {
  return admins.length === 0 || actor.isConfiguredAdmin;
}
