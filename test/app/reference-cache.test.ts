import assert from 'node:assert/strict';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { skipUnchangedReferences } from '../../src/app/reference-cache';

const activity = (id: string, extra: Partial<Activity> = {}): Partial<Activity> => ({
  type: 'message', id, channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', locale: 'de-DE',
  from: { id: '29:u1', name: 'Anna', aadObjectId: 'aad-1' }, recipient: { id: '28:bot', name: 'coexist' },
  conversation: { id: 'a:c1', conversationType: 'personal', tenantId: 't1', isGroup: false, name: '' }, ...extra,
});

describe('app/reference-cache: skipUnchangedReferences', () => {
  it('saves the first reference, skips the same one (another activity id, fields in another order) without a promise, saves a changed one', async () => {
    const saves: Array<Record<string, unknown>> = [];
    let now = 0;
    const save = skipUnchangedReferences(async (_id, reference) => { saves.push(reference as Record<string, unknown>); }, { clock: () => now });
    const ref = (a: Partial<Activity>) => TurnContext.getConversationReference(a);
    await save('a:c1', ref(activity('m1')));
    assert.equal(saves.length, 1);
    assert.equal(save('a:c1', ref(activity('m2'))), undefined, 'unchanged apart from activityId: nothing to wait for');
    const reordered = activity('m3', { conversation: { tenantId: 't1', isGroup: false, name: '', conversationType: 'personal', id: 'a:c1' } });
    assert.equal(save('a:c1', ref(reordered)), undefined, 'key order does not matter');
    await save('a:c1', ref(activity('m4', { serviceUrl: 'https://smba.trafficmanager.net/de/' })));
    await save('a:c1', ref(activity('m5', { from: { id: '29:u1', name: 'Anna B.', aadObjectId: 'aad-1' } })));
    await save('a:c1', ref(activity('m6', { locale: undefined })));
    await save('a:c1', ref(activity('m7', { conversation: { id: 'a:c1', conversationType: 'personal', tenantId: 't1', isGroup: false, name: '', extra: [1] } as never })));
    assert.equal(saves.length, 5, 'serviceUrl, a nested name, a field gone and a field added each count as a change');
    assert.equal(save('a:c1', ref(activity('m8', { conversation: { id: 'a:c1', conversationType: 'personal', tenantId: 't1', isGroup: false, name: '', extra: [1] } as never }))), undefined);
    now = 5 * 60_000;
    await save('a:c1', ref(activity('m9', { conversation: { id: 'a:c1', conversationType: 'personal', tenantId: 't1', isGroup: false, name: '', extra: [1] } as never })));
    assert.equal(saves.length, 6, 'saved again after the refresh interval');
  });

  it('compares with what was saved, not with the activity\'s objects as they are later; a failed save is tried again', async () => {
    const saves: string[] = [];
    let fail = true;
    const save = skipUnchangedReferences(async (_id: string, reference: Partial<ConversationReference>) => {
      if (fail) throw new Error('disk full');
      saves.push(String(reference.activityId));
    });
    const first = activity('m1');
    await assert.rejects(Promise.resolve(save('a:c1', TurnContext.getConversationReference(first))), /disk full/);
    fail = false;
    await save('a:c1', TurnContext.getConversationReference(activity('m2')));
    assert.deepEqual(saves, ['m2'], 'the failed save was not remembered');
    // A reference's objects may change after its save (they may be the activity's): that must not pass for what the store has.
    const later = activity('m3', { conversation: { id: 'a:c1', conversationType: 'personal', tenantId: 't1', isGroup: false, name: 'before' } });
    const saved = TurnContext.getConversationReference(later);
    await save('a:c1', saved);
    (saved.conversation as { name: string }).name = 'after';
    await save('a:c1', TurnContext.getConversationReference(activity('m4', { conversation: { id: 'a:c1', conversationType: 'personal', tenantId: 't1', isGroup: false, name: 'after' } })));
    assert.deepEqual(saves, ['m2', 'm3', 'm4']);
  });
});
