import type { SaveConversationReference } from './create-app';

export interface ReferenceCacheOptions {
  /** Save again after this long even when nothing changed (keeps the store's last-seen time fresh). Default 5 min. */
  readonly refreshAfterMs?: number;
  /** Conversations remembered; the oldest is forgotten first. Default 10,000. */
  readonly maxEntries?: number;
  readonly clock?: () => number;
}

/**
 * Skips the store write of a conversation reference that this process saved recently and that has not changed
 * apart from `activityId` (which differs on every activity and is not needed to reach the conversation). The write
 * was one SQLite transaction per turn, the largest store cost of a `/status` turn under load. A failed save is not
 * remembered, so the next turn tries again. Rejects when `save` rejects.
 */
export function skipUnchangedReferences(save: SaveConversationReference, options: ReferenceCacheOptions = {}): SaveConversationReference {
  const refreshAfterMs = options.refreshAfterMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const clock = options.clock ?? Date.now;
  const saved = new Map<string, { fingerprint: string; at: number }>();
  return async (conversationId, reference) => {
    const { activityId: _ignored, ...stable } = reference;
    const fingerprint = JSON.stringify(stable);
    const now = clock();
    const last = saved.get(conversationId);
    if (last && last.fingerprint === fingerprint && now - last.at < refreshAfterMs) return;
    await save(conversationId, reference);
    saved.delete(conversationId);
    if (saved.size >= maxEntries) saved.delete(saved.keys().next().value as string);
    saved.set(conversationId, { fingerprint, at: now });
  };
}
