import { strict as assert } from 'node:assert';
import { timeZoneFromActivity } from '../../src/scheduler/client-time-zone';

describe('scheduler/client-time-zone', () => {
  it('reads the zone from the Teams clientInfo entity', () => {
    const activity = { entities: [{ type: 'mention' }, { type: 'clientInfo', locale: 'de-DE', country: 'DE', platform: 'Web', timezone: 'Europe/Berlin' }] };
    assert.equal(timeZoneFromActivity(activity), 'Europe/Berlin');
  });
  it('falls back to activity.localTimezone and canonicalises the spelling', () => {
    assert.equal(timeZoneFromActivity({ localTimezone: 'america/new_york' }), 'America/New_York');
    assert.equal(timeZoneFromActivity({ entities: [{ type: 'clientInfo', localTimezone: 'Asia/Tokyo' }] }), 'Asia/Tokyo');
  });
  it('answers undefined for a missing or unknown zone, so the stored one stays', () => {
    assert.equal(timeZoneFromActivity({}), undefined);
    assert.equal(timeZoneFromActivity(null), undefined);
    assert.equal(timeZoneFromActivity({ entities: [{ type: 'clientInfo', timezone: 'Mars/Olympus' }] }), undefined);
    assert.equal(timeZoneFromActivity({ localTimezone: '  ' }), undefined);
  });
  it('accepts Europe/Berlin itself, though it is also the default', () => {
    assert.equal(timeZoneFromActivity({ localTimezone: 'Europe/Berlin' }), 'Europe/Berlin');
  });
});
