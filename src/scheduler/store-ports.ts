/**
 * Adapters from the store's repositories to the scheduler's ports, so the composition root only has to adapt the
 * procedure engine (see {@link MigrationPort}).
 */
import type { ConversationRepository, UserSettingsRepository } from '../store/repositories';
import type { ConversationPort, SettingsPort } from './ports';

/** Conversation references from the store; a 403 is recorded with the repository's `markRemoved`. */
export function conversationPortFrom(repository: ConversationRepository): ConversationPort {
  return {
    async get(tenantId, conversationId) {
      const found = await repository.get(tenantId, conversationId);
      if (!found) return undefined;
      return { reference: found.value.reference, ...(found.value.removed ? { removedAt: found.value.removed.at } : {}) };
    },
    async markRemoved(tenantId, conversationId, at) {
      await repository.markRemoved(tenantId, conversationId, at, 403);
    },
  };
}

/** `/remind off|on` and the Teams time zone from the user-settings repository (reminders on by default). */
export function settingsPortFrom(repository: UserSettingsRepository): SettingsPort {
  return async (tenantId, userId) => {
    const settings = await repository.get(tenantId, userId);
    return { remindersEnabled: settings.reminders, ...(settings.timeZone ? { timeZone: settings.timeZone } : {}) };
  };
}
