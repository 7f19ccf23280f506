import assert from 'node:assert/strict';
import packet from 'dns-packet';
import { encodeQuery, normalizeName, splitCharacterStrings } from '../../src/dns/wire';
import { parseServerAddress } from '../../src/dns/server-address';

describe('dns wire helpers', () => {
  it('encodeQuery writes the same bytes as dns-packet, with EDNS0 at 1232 bytes', () => {
    for (const [name, type, rd] of [['Example.COM', 'TXT', true], ['autodiscover.xn--mller-kva.de.', 'CNAME', false], ['x.test', 'SPF', true]] as const) {
      const ours = encodeQuery(0x1234, name, type, rd);
      const reference = packet.encode({ type: 'query', id: 0x1234, flags: rd ? packet.RECURSION_DESIRED : 0,
        questions: [{ name: name.replace(/\.$/, ''), type: type as packet.RecordType, class: 'IN' }],
        additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] });
      assert.equal(ours.toString('hex'), reference.toString('hex'));
      const decoded = packet.decode(ours);
      assert.equal((decoded.additionals![0] as { udpPayloadSize: number }).udpPayloadSize, 1232);
    }
    assert.throws(() => encodeQuery(1, `${'a'.repeat(64)}.de`, 'A', true));
  });

  it('splits character-strings and refuses an overrun', () => {
    assert.deepEqual(splitCharacterStrings(Buffer.from([2, 0x61, 0x62, 0, 1, 0x63])).map(String), ['ab', '', 'c']);
    assert.throws(() => splitCharacterStrings(Buffer.from([5, 0x61])));
  });

  it('normalizes names and keeps the root', () => {
    assert.equal(normalizeName('MX.Example.COM.'), 'mx.example.com');
    assert.equal(normalizeName('.'), '.');
  });

  it('parses server addresses', () => {
    assert.deepEqual(parseServerAddress('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353, family: 4, label: '127.0.0.1:5353' });
    assert.deepEqual(parseServerAddress('[::1]:53'), { host: '::1', port: 53, family: 6, label: '[::1]:53' });
    assert.deepEqual(parseServerAddress('::1'), { host: '::1', port: 53, family: 6, label: '[::1]:53' });
    assert.equal('error' in parseServerAddress('1.1.1.1'), false);
    for (const bad of ['dns.google', '1.2.3.4:', '1.2.3.4:0', '1.2.3.4:70000', '1.2.3.4:5x', '999.1.1.1']) {
      assert.ok('error' in parseServerAddress(bad), bad);
    }
  });
});
