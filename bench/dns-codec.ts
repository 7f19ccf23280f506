/**
 * Benchmark: CPU per encode+decode of src/dns/wire.ts (dns-packet with our checks) against the hand-written codec it
 * replaced, measured in the same run. The old codec is read from git (BASELINE_COMMIT, the last commit that had it)
 * and both are compiled the same way (bench/support/compile-baseline.ts), so neither pays tsx at run time.
 * One round = encode a TXT query and decode a realistic answer to it (the apex TXT set of a migrated domain, with
 * the SOA in the authority section), then the same for an NXDOMAIN answer. Prints medians and the ratio.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import packet from 'dns-packet';
import { compileBaseline } from './support/compile-baseline';

/** The last commit with the hand-written codec (src/dns/wire.ts encodeQuery, src/dns/decode.ts decodeResponse). */
const BASELINE_COMMIT = '2275419175a5ba993565f1dbe3a05d9c394e8af3';
const ROUNDS = 7;
const ITERATIONS = 20000;

interface Codec {
  encodeQuery(id: number, name: string, type: string, rd: boolean): Buffer;
  decodeResponse(buf: Buffer): { answers: unknown[] };
}

const root = path.resolve(__dirname, '..');
const load = createRequire(__filename);

function compileFiles(dir: string, files: Record<string, string>): string {
  const src = path.join(root, '.bench-dist', `${dir}-src`);
  fs.mkdirSync(src, { recursive: true });
  let last = '';
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(src, name);
    fs.writeFileSync(file, text);
    last = compileBaseline(file, root, dir);
  }
  return path.dirname(last);
}

function oldCodec(): Codec {
  const show = (file: string): string => execFileSync('git', ['show', `${BASELINE_COMMIT}:${file}`], { cwd: root, encoding: 'utf8' });
  const dir = compileFiles('dns-codec-old', {
    'ipv6-text.ts': show('src/dns/ipv6-text.ts'), 'types.ts': show('src/dns/types.ts'), 'wire.ts': show('src/dns/wire.ts'), 'decode.ts': show('src/dns/decode.ts'),
  });
  const wire = load(path.join(dir, 'wire.js')) as Pick<Codec, 'encodeQuery'>;
  const decode = load(path.join(dir, 'decode.js')) as Pick<Codec, 'decodeResponse'>;
  return { encodeQuery: wire.encodeQuery, decodeResponse: decode.decodeResponse };
}

function newCodec(): Codec {
  const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
  const dir = compileFiles('dns-codec-new', { 'ipv6-text.ts': read('src/dns/ipv6-text.ts'), 'types.ts': read('src/dns/types.ts'), 'wire.ts': read('src/dns/wire.ts') });
  return load(path.join(dir, 'wire.js')) as Codec;
}

const soa: packet.Answer = { name: 'meinefirma.de', type: 'SOA', ttl: 3600, class: 'IN',
  data: { mname: 'docks01.rzone.de', rname: 'hostmaster.strato-rz.de', serial: 2026120201, refresh: 86400, retry: 7200, expire: 604800, minimum: 300 } };
const txtAnswer = packet.encode({ type: 'response', id: 7, flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
  questions: [{ name: 'meinefirma.de', type: 'TXT', class: 'IN' }],
  answers: [
    { name: 'meinefirma.de', type: 'TXT', ttl: 3600, class: 'IN', data: 'MS=ms12345678' },
    { name: 'meinefirma.de', type: 'TXT', ttl: 3600, class: 'IN', data: ['v=spf1 include:spf.protection.outlook.com include:_spf.strato.com ', '-all'] },
    { name: 'meinefirma.de', type: 'TXT', ttl: 3600, class: 'IN', data: 'google-site-verification=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' },
  ],
  authorities: [{ name: 'meinefirma.de', type: 'NS', ttl: 86400, class: 'IN', data: 'docks01.rzone.de' }, { name: 'meinefirma.de', type: 'NS', ttl: 86400, class: 'IN', data: 'shades09.rzone.de' }],
  additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] });
const nxAnswer = packet.encode({ type: 'response', id: 8, flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | 3,
  questions: [{ name: 'autodiscover.meinefirma.de', type: 'CNAME', class: 'IN' }], answers: [], authorities: [soa],
  additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] });

/** ns CPU per round (two encodes, two decodes). */
function measure(codec: Codec): number {
  let sink = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) {
    sink += codec.encodeQuery(i & 0xffff, 'meinefirma.de', 'TXT', true).length;
    sink += codec.decodeResponse(txtAnswer).answers.length;
    sink += codec.encodeQuery(i & 0xffff, 'autodiscover.meinefirma.de', 'CNAME', true).length;
    sink += codec.decodeResponse(nxAnswer).answers.length;
  }
  const used = process.cpuUsage(cpu);
  if (sink === 0) throw new Error('nothing decoded');
  return ((used.user + used.system) * 1000) / ITERATIONS;
}

function main(): void {
  const old = oldCodec();
  const fresh = newCodec();
  for (const codec of [old, fresh]) {
    if (codec.decodeResponse(txtAnswer).answers.length !== 3) throw new Error('a codec does not decode the TXT answer');
  }
  console.log(`dns-codec: ${ITERATIONS} rounds of (encode TXT query, decode 3-TXT answer, encode CNAME query, decode NXDOMAIN+SOA), ${ROUNDS} alternating runs; baseline ${BASELINE_COMMIT.slice(0, 7)}`);
  const olds: number[] = [];
  const news: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate who goes first, so neither always runs on a warmer or busier machine.
    if (round % 2 === 0) { olds.push(measure(old)); news.push(measure(fresh)); } else { news.push(measure(fresh)); olds.push(measure(old)); }
    console.log(`  run ${round + 1}: hand-written ${(olds[round]! / 1000).toFixed(2)} µs, dns-packet ${(news[round]! / 1000).toFixed(2)} µs per round`);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const o = median(olds) / 2000;
  const n = median(news) / 2000;
  console.log(`RESULT dns-codec (medians, per encode+decode): hand-written ${o.toFixed(2)} µs, dns-packet ${n.toFixed(2)} µs, ratio dns-packet/hand-written = ${(n / o).toFixed(2)}`);
}

main();
