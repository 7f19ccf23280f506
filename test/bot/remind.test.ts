/**
 * `/remind off|on` through the bot (TestAdapter turns over a real memory store): anchored command, confirmation
 * in the user's language, the setting the scheduler reads, and the time zone each activity brings.
 */
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { registerReminders, parseRemindArgs, remindText } from '../../src/bot/handlers/remind';
import { createMigration } from '../../src/procedure';
import { migrationRecordType } from '../../src/procedure/migration';
import type { Migration } from '../../src/procedure/types';
import { settingsPortFrom } from '../../src/scheduler/store-ports';
import { createRepositories, openStore, type RecordType, type Store } from '../../src/store';
import { testBot, turn } from './bot-harness';

const TENANT = 'tenant-r';

function message(text: string, patch: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message', text, locale: 'en-US', channelId: 'msteams',
    from: { id: 'user-x', aadObjectId: 'aad-1', name: 'Ada' },
    conversation: { id: 'conv-r', tenantId: TENANT } as Activity['conversation'],
    ...patch,
  };
}

describe('bot/remind: /remind off and /remind on, time zone capture', () => {
  let store: Store;
  let repos: ReturnType<typeof createRepositories<Migration>>;
  let handle: ReturnType<typeof testBot>['bot']['handleTurn'];

  beforeEach(async () => {
    store = await openStore({ kind: 'memory' });
    repos = createRepositories<Migration>(store, migrationRecordType as RecordType<Migration>);
    const deps = { repos, admins: [], logger: pino({ level: 'silent' }) };
    handle = testBot({ handlers: [registerReminders(deps)] }).bot.handleTurn;
  });
  afterEach(async () => { await store.close(); });

  it('switches reminders off and on, confirms in English, and the scheduler reads the switch', async () => {
    const settings = settingsPortFrom(repos.userSettings);
    assert.equal((await settings(TENANT, 'aad-1')).remindersEnabled, true, 'on by default');
    const off = await turn(handle, message('/remind off'));
    assert.equal(off.length, 1);
    assert.match(String(off[0]!.text), /^Reminders are now off\./);
    assert.equal((await settings(TENANT, 'aad-1')).remindersEnabled, false);
    const again = await turn(handle, message('remind OFF'));
    assert.match(String(again[0]!.text), /^Reminders are off\./, 'no "now" when nothing changed');
    const on = await turn(handle, message('/remind on'));
    assert.match(String(on[0]!.text), /^Reminders are now on/);
    assert.equal((await settings(TENANT, 'aad-1')).remindersEnabled, true);
  });

  it('answers in German for a German client', async () => {
    const reply = await turn(handle, message('/remind off', { locale: 'de-DE' }));
    assert.match(String(reply[0]!.text), /^Erinnerungen sind jetzt ausgeschaltet\./);
    const on = await turn(handle, message('/remind an', { locale: 'de-DE' }));
    assert.match(String(on[0]!.text), /^Erinnerungen sind jetzt eingeschaltet/);
  });

  it('is anchored: other text is not the command, a bad argument gets the usage and changes nothing', async () => {
    const usage = await turn(handle, message('/remind maybe'));
    assert.match(String(usage[0]!.text), /^Usage: `\/remind on` or `\/remind off`/);
    assert.equal((await repos.userSettings.get(TENANT, 'aad-1')).reminders, true);
    const other = await turn(handle, message('please remind off the SPF thing'));
    assert.ok(other.every((a) => !/Reminders are/.test(String(a.text))), 'not taken as /remind');
    assert.equal((await repos.userSettings.get(TENANT, 'aad-1')).reminders, true);
  });

  it('names the person\'s migrations whose own card switch is still off', async () => {
    const m = createMigration(TENANT, 'contoso.de', 'aad-1', Date.now());
    await repos.migrations.put(TENANT, 'contoso.de', { ...m, reminders: false }, 'absent');
    const on = await turn(handle, message('/remind on'));
    assert.match(String(on[0]!.text), /Still switched off on their card \(switch them on there\): contoso\.de\./);
  });

  it('stores the time zone from Teams\' clientInfo entity on any activity, and keeps a known one on an unknown name', async () => {
    await turn(handle, message('/remind on', { entities: [{ type: 'clientInfo', locale: 'en-US', timezone: 'America/New_York' }] }));
    assert.equal((await repos.userSettings.get(TENANT, 'aad-1')).timeZone, 'America/New_York');
    const settings = await settingsPortFrom(repos.userSettings)(TENANT, 'aad-1');
    assert.equal(settings.timeZone, 'America/New_York');
    await turn(handle, message('hello', { entities: [{ type: 'clientInfo', timezone: 'Mars/Olympus' }] }));
    assert.equal((await repos.userSettings.get(TENANT, 'aad-1')).timeZone, 'America/New_York');
    const reply = await turn(handle, message('/remind on'));
    assert.match(String(reply[0]!.text), /time zone America\/New_York/);
  });

  it('parses its arguments (pure)', () => {
    assert.deepEqual(['on', 'OFF', 'an', 'aus', 'ein', 'x', ''].map(parseRemindArgs), ['on', 'off', 'on', 'off', 'on', undefined, undefined]);
    assert.match(remindText('en', { enabled: true, changed: false }), /time zone Europe\/Berlin/);
  });

  it('says the quiet hours the scheduler applies: the configured window, or none with COEXIST_QUIET_HOURS=off', () => {
    const off = remindText('en', { enabled: true, changed: true, timeZone: 'UTC', quiet: null });
    assert.doesNotMatch(off, /time zone|night|weekend/i, off);
    assert.match(off, /at any time \(no quiet hours: COEXIST_QUIET_HOURS=off\)/);
    assert.match(remindText('de', { enabled: true, changed: true, quiet: null }), /zu jeder Zeit/);
    const window = remindText('en', { enabled: true, changed: false, timeZone: 'UTC', quiet: { start: '22:00', end: '06:00', weekends: true } });
    assert.match(window, /not between 22:00 and 06:00 or at weekends \(time zone UTC\)/);
    assert.match(remindText('de', { enabled: true, changed: false, timeZone: 'Europe/Berlin', quiet: { start: '20:00', end: '08:00', weekends: true } }),
      /nicht zwischen 20:00 und 08:00 Uhr und nicht am Wochenende \(Zeitzone Europe\/Berlin\)/);
  });
});
