import assert from 'node:assert/strict';
import packet from 'dns-packet';
import { decodeResponse, encodeQuery, normalizeName, splitCharacterStrings } from '../../src/dns/wire';
import { parseServerAddress } from '../../src/dns/server-address';

describe('dns wire helpers', () => {
  it('encodeQuery writes one IN question with RD as asked and EDNS0 at 1232 bytes', () => {
    for (const [name, type, rd] of [['Example.COM', 'TXT', true], ['autodiscover.xn--mller-kva.de.', 'CNAME', false], ['x.test', 'SPF', true], ['.', 'NS', false]] as const) {
      const decoded = packet.decode(encodeQuery(0x1234, name, type, rd));
      assert.equal(decoded.id, 0x1234);
      assert.equal(decoded.type, 'query');
      assert.equal(decoded.flag_rd, rd);
      assert.deepEqual(decoded.questions, [{ name: name === '.' ? '.' : name.replace(/\.$/, ''), type, class: 'IN' }]);
      assert.equal(decoded.additionals!.length, 1);
      assert.equal((decoded.additionals![0] as { type: string; udpPayloadSize: number }).udpPayloadSize, 1232);
    }
  });

  it('encodeQuery refuses names dns-packet would encode corrupt: empty labels, labels over 63 and names over 255 octets', () => {
    assert.throws(() => encodeQuery(1, `${'a'.repeat(64)}.de`, 'A', true), /invalid label/);
    assert.throws(() => encodeQuery(1, 'a..de', 'A', true), /invalid label/);
    assert.throws(() => encodeQuery(1, Array.from({ length: 5 }, () => 'b'.repeat(63)).join('.'), 'A', true), /255/);
    assert.doesNotThrow(() => encodeQuery(1, `${'a'.repeat(63)}.de`, 'A', true));
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

describe('decodeResponse (dns-packet with our checks)', () => {
  const answers: packet.Answer[] = [
    { name: 'Example.COM', type: 'A', ttl: 300, class: 'IN', data: '192.0.2.1' },
    ...['2001:db8::2', '::1', '::', '2001:db8:0:0:1:0:0:1', 'fe80::1:0:0:0', '1:2:3:4:5:6:7:8'].map((data) => ({ name: 'example.com', type: 'AAAA' as const, ttl: 60, class: 'IN' as const, data })),
    { name: 'example.com', type: 'MX', ttl: 3600, class: 'IN', data: { preference: 10, exchange: 'MX00.Provider.test' } },
    { name: 'example.com', type: 'MX', ttl: 3600, class: 'IN', data: { preference: 0, exchange: '.' } },
    { name: 'example.com', type: 'TXT', ttl: 5, class: 'IN', data: ['v=spf1 ', 'include:x.test', ' -all', ''] },
    { name: 'example.com', type: 'TXT', ttl: 5, class: 'IN', data: 'Grüße=ü' },
    { name: 'www.example.com', type: 'CNAME', ttl: 1, class: 'IN', data: 'web.example.com' },
    { name: 'example.com', type: 'NS', ttl: 1, class: 'IN', data: 'ns1.example.com' },
    { name: '1.2.0.192.in-addr.arpa', type: 'PTR', ttl: 1, class: 'IN', data: 'host.example.com' },
    { name: 'example.com', type: 'SOA', ttl: 900, class: 'IN', data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 2026112601, refresh: 1, retry: 2, expire: 3, minimum: 120 } },
    { name: 'example.com', type: 'SRV', ttl: 1, class: 'IN', data: { priority: 1, weight: 1, port: 443, target: 'x.example.com' } },
  ];

  it('decodes every modelled record type, names normalized (compressed names included)', () => {
    const buf = packet.encode({ type: 'response', id: 4242, flags: packet.AUTHORITATIVE_ANSWER | 3, questions: [{ name: 'Example.com', type: 'TXT', class: 'IN' }],
      answers, authorities: [answers.find((a) => a.type === 'SOA')!] });
    const ours = decodeResponse(buf);
    assert.equal(ours.id, 4242);
    assert.equal(ours.rcode, 3);
    assert.equal(ours.response, true);
    assert.equal(ours.truncated, false);
    assert.deepEqual(ours.question, { name: 'example.com', type: 'TXT', class: 'IN' });
    assert.deepEqual(ours.answers.map((r) => r.type), ['A', 'AAAA', 'AAAA', 'AAAA', 'AAAA', 'AAAA', 'AAAA', 'MX', 'MX', 'TXT', 'TXT', 'CNAME', 'NS', 'PTR', 'SOA'], 'SRV is skipped');
    assert.deepEqual(ours.answers[0], { name: 'example.com', ttl: 300, type: 'A', address: '192.0.2.1' });
    assert.deepEqual(ours.answers.filter((r) => r.type === 'AAAA').map((r) => r.type === 'AAAA' && r.address), ['2001:db8::2', '::1', '::', '2001:db8::1:0:0:1', 'fe80::1:0:0:0', '1:2:3:4:5:6:7:8']);
    assert.deepEqual(ours.answers[7], { name: 'example.com', ttl: 3600, type: 'MX', preference: 10, exchange: 'mx00.provider.test' });
    assert.deepEqual(ours.answers[8], { name: 'example.com', ttl: 3600, type: 'MX', preference: 0, exchange: '.' });
    assert.deepEqual(ours.answers[9], { name: 'example.com', ttl: 5, type: 'TXT', strings: ['v=spf1 ', 'include:x.test', ' -all', ''], text: 'v=spf1 include:x.test -all' });
    assert.deepEqual(ours.answers[10], { name: 'example.com', ttl: 5, type: 'TXT', strings: ['Grüße=ü'], text: 'Grüße=ü' });
    assert.deepEqual(ours.answers.slice(11, 14).map((r) => 'target' in r && r.target), ['web.example.com', 'ns1.example.com', 'host.example.com']);
    const soa = { name: 'example.com', ttl: 900, type: 'SOA', mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 2026112601, minimum: 120 };
    assert.deepEqual(ours.answers[14], soa);
    assert.deepEqual(ours.soa, soa);
  });

  it('compresses IPv6 addresses by RFC 5952 (the longest zero run, where dns-packet picks the first)', () => {
    const buf = packet.encode({ type: 'response', id: 1, questions: [], answers: [{ name: 'a.test', type: 'AAAA', ttl: 1, class: 'IN', data: '2001:0:0:1:0:0:0:0' }] });
    assert.deepEqual(decodeResponse(buf).answers.map((r) => r.type === 'AAAA' && r.address), ['2001:0:0:1::']);
  });

  it('decodes type 99 (SPF) as character-strings', () => {
    const rdata = Buffer.concat([Buffer.from([7]), Buffer.from('v=spf1 '), Buffer.from([4]), Buffer.from('-all')]);
    const buf = packet.encode({ type: 'response', id: 1, questions: [{ name: 'x.test', type: 'SPF' as packet.RecordType, class: 'IN' }],
      answers: [{ name: 'x.test', type: 'SPF', ttl: 1, class: 'IN', data: rdata } as unknown as packet.Answer] });
    assert.deepEqual(decodeResponse(buf).answers, [{ name: 'x.test', ttl: 1, type: 'SPF', strings: ['v=spf1 ', '-all'], text: 'v=spf1 -all' }]);
  });

  it('throws on truncated messages, forward or looping compression pointers and overrunning strings', () => {
    const good = packet.encode({ type: 'response', id: 1, questions: [{ name: 'a.test', type: 'A', class: 'IN' }], answers: [answers[0]!] });
    for (let cut = 1; cut < good.length; cut++) assert.throws(() => decodeResponse(good.subarray(0, cut)), `cut at ${cut}`);
    const loop = Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
    assert.throws(() => decodeResponse(loop), /pointer/);
    assert.throws(() => decodeResponse(Buffer.concat([good, Buffer.from([0, 0])])), /2 bytes after the end/);
    const shortA = Buffer.from(good);
    shortA.writeUInt16BE(3, shortA.length - 6);
    assert.throws(() => decodeResponse(shortA.subarray(0, shortA.length - 1)), /ends early/);
    const overrun = packet.encode({ type: 'response', id: 1, questions: [], answers: [{ name: 'a.test', type: 'TXT', ttl: 1, class: 'IN', data: 'abc' }] });
    overrun[overrun.length - 4] = 9;
    assert.throws(() => decodeResponse(overrun));
  });
});
