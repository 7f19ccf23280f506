/**
 * Stores the latest reference of a conversation (for proactive messages). Undefined instead of a promise: nothing
 * to wait for (the save was skipped). The reference is the Bot Framework's ConversationReference, opaque here.
 */
export type SaveConversationReference<R extends object = object> = (conversationId: string, reference: R) => Promise<void> | undefined;

export interface ReferenceCacheOptions {
  /** Save again after this long even when nothing changed (keeps the store's last-seen time fresh). Default 5 min. */
  readonly refreshAfterMs?: number;
  /** Conversations remembered; the oldest is forgotten first. Default 10,000. */
  readonly maxEntries?: number;
  readonly clock?: () => number;
}

/** Equal as JSON: same defined keys (in any order) with equal values, arrays element by element. Pure. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>, undefined);
}

/** `a` and `b` have the same defined fields, apart from `skip`. A field set to undefined counts as absent (as in JSON). */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>, skip: string | undefined): boolean {
  let defined = 0;
  for (const key in a) {
    if (key === skip || a[key] === undefined) continue;
    if (!Object.hasOwn(a, key)) continue;
    if (!Object.hasOwn(b, key) || !sameJson(a[key], b[key])) return false;
    defined++;
  }
  for (const key in b) if (key !== skip && b[key] !== undefined && Object.hasOwn(b, key)) defined--;
  return defined === 0;
}

/**
 * Skips the store write of a conversation reference that this process saved recently and that has not changed
 * apart from `activityId` (which differs on every activity and is not needed to reach the conversation). The write
 * was one SQLite transaction per turn, the largest store cost of a `/status` turn under load. A skipped save
 * returns undefined at once (no promise to await); the comparison walks the reference instead of serializing it,
 * and only a saved reference is copied (a snapshot: the activity's objects may change after the turn). A failed
 * save is not remembered, so the next turn tries again. The returned promise rejects when `save` rejects.
 */
export function skipUnchangedReferences<R extends object>(save: SaveConversationReference<R>, options: ReferenceCacheOptions = {}): SaveConversationReference<R> {
  const refreshAfterMs = options.refreshAfterMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const clock = options.clock ?? Date.now;
  const saved = new Map<string, { reference: Record<string, unknown>; at: number }>();
  return (conversationId, reference) => {
    const now = clock();
    const last = saved.get(conversationId);
    if (last && now - last.at < refreshAfterMs && sameFields(last.reference, reference as Record<string, unknown>, 'activityId')) return undefined;
    const snapshot = JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
    return Promise.resolve(save(conversationId, reference)).then(() => {
      saved.delete(conversationId);
      if (saved.size >= maxEntries) saved.delete(saved.keys().next().value as string);
      saved.set(conversationId, { reference: snapshot, at: now });
    });
  };
}

