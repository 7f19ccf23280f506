/**
 * A real authoritative DNS server for tests: UDP and TCP on the same loopback port, serving JSON zone data.
 *
 * In-process use:
 * ```ts
 * const server = await startDnsServer({
 *   zone: {
 *     'example.com': { SOA: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 1, minimum: 300 },
 *                      NS: ['ns1.example.com'], MX: [{ preference: 10, exchange: 'mx.provider.test' }],
 *                      TXT: ['MS=ms12345678', ['v=spf1 include:spf.protection.outlook.com', ' -all']] },
 *     'autodiscover.example.com': { CNAME: 'autodiscover.outlook.com', ttl: 3600 },
 *   },
 * });
 * server.address;          // "127.0.0.1:53124" (host:port, for `--dns`)
 * server.port;             // 53124
 * server.setName('www.example.com', { A: ['192.0.2.1'] });   // add/replace one name while running
 * server.deleteName('www.example.com');                      // the name becomes NXDOMAIN
 * server.setZone({...});                                     // replace everything
 * server.setBehaviour('slow.example.com', 'TXT', 'timeout'); // type '*' = every type of that name
 * server.clearBehaviours();
 * server.log;              // every query received: { name, type, transport, id, at }
 * server.count('example.com', 'TXT');   // round trips for that name/type (either argument optional)
 * server.clearLog();
 * await server.close();
 * ```
 *
 * Zone data (`ZoneData`): owner name (any case, trailing dot optional) → record sets per type. Each name may carry
 * `ttl` (default 300). Types: `A`/`AAAA`/`NS`/`PTR` (string arrays), `MX` ({preference, exchange}[]), `TXT`/`SPF`
 * (each record a string or an array of character-strings, so `["v=spf1 ", "-all"]` is one record of two strings),
 * `CNAME` (one target string), `SOA` ({mname, rname, serial, minimum}). Answers are authoritative (AA): a name
 * absent from the zone (and not an ancestor of a present one) is NXDOMAIN, a present name without the type is
 * NODATA; both carry the closest enclosing SOA in the authority section (RFC 2308). A CNAME is answered for any
 * type and followed inside the zone, as authoritative servers do.
 *
 * Behaviours per name and type (`Behaviour`): `timeout` (never answer), `servfail`, `refused`, `truncate` (UDP
 * answer with TC and no records; the full answer over TCP), `spoof` (first send forged answers: a wrong id, the right
 * id with a different question, the right id from a different source port; then the real answer after 30 ms),
 * `malformed` (the right id followed by garbage), `{ delayMs }` (answer late), `{ ttl }` (every record of the answer
 * and authority sections carries this TTL, the SOA included, e.g. 2147483647). Faulty TCP answers, each after a UDP
 * answer with TC so that the client has to ask over TCP: `tcp-tc` (TC set again, no records), `tcp-cut` (the length
 * prefix of the whole answer, then half of it, then the connection closes), `tcp-trailing` (the length prefix counts
 * 3 garbage bytes after the message), `tcp-garbage` (the right id followed by garbage). UDP answers larger than the
 * client's EDNS0 payload size (512 without EDNS0) are truncated automatically, as real servers do.
 *
 * Standalone (for other processes' e2e tests):
 *   `npx tsx test/support/dns-server.ts --zone zone.json [--port N] [--host 127.0.0.1]`
 * (or `node --import tsx test/support/dns-server.ts …` when you need the server's own PID to stop it: npx forks)
 * prints `dns-server listening 127.0.0.1:PORT` on stdout once ready; SIGTERM/SIGINT stop it. The zone file is either `ZoneData` or
 * `{ "zone": ZoneData, "behaviours": [{ "name": "...", "type": "TXT", "behaviour": "timeout" }] }`; it is re-read
 * when the file changes (polled every 100 ms) and on SIGHUP, so a test can change records between steps.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import fs from 'node:fs';
import packet from 'dns-packet';

export type TxtValue = string | string[];
export interface NameData {
  ttl?: number;
  A?: string[];
  AAAA?: string[];
  MX?: Array<{ preference: number; exchange: string }>;
  TXT?: TxtValue[];
  SPF?: TxtValue[];
  CNAME?: string;
  NS?: string[];
  PTR?: string[];
  SOA?: { mname: string; rname: string; serial: number; minimum: number };
}
export type ZoneData = Record<string, NameData>;
export type TcpFault = 'tcp-tc' | 'tcp-cut' | 'tcp-trailing' | 'tcp-garbage';
export type Behaviour = 'timeout' | 'servfail' | 'refused' | 'truncate' | 'spoof' | 'malformed' | TcpFault | { delayMs: number } | { ttl: number };
/** `ednsPayload` is the client's EDNS0 UDP payload size, absent when the query had no OPT record. */
export interface QueryLogEntry { name: string; type: string; transport: 'udp' | 'tcp'; id: number; at: number; ednsPayload?: number }
export interface ZoneFile { zone: ZoneData; behaviours?: Array<{ name: string; type: string; behaviour: Behaviour }> }

export interface DnsTestServer {
  readonly host: string;
  readonly port: number;
  /** `host:port` (IPv6 hosts in brackets), ready for `--dns`. */
  readonly address: string;
  readonly log: QueryLogEntry[];
  setZone(zone: ZoneData): void;
  setName(name: string, data: NameData): void;
  deleteName(name: string): void;
  setBehaviour(name: string, type: string, behaviour: Behaviour): void;
  clearBehaviours(): void;
  count(name?: string, type?: string): number;
  clearLog(): void;
  close(): Promise<void>;
}

export interface DnsServerOptions {
  zone?: ZoneData;
  host?: string;
  port?: number;
  /** Follow CNAMEs inside the zone in one answer (default true); false makes the client chase them. */
  chaseCnames?: boolean;
}

const norm = (name: string): string => name.toLowerCase().replace(/\.$/, '');

function normalizeZone(zone: ZoneData): Map<string, NameData> {
  const map = new Map<string, NameData>();
  for (const [name, data] of Object.entries(zone)) map.set(norm(name), data);
  return map;
}

function txtRdata(value: TxtValue): Buffer[] {
  return (Array.isArray(value) ? value : [value]).map((s) => Buffer.from(s, 'utf8'));
}

type Answer = packet.Answer;

function recordsOf(name: string, type: string, data: NameData): Answer[] {
  const ttl = data.ttl ?? 300;
  const base = { name, ttl, class: 'IN' as const };
  switch (type) {
    case 'A': return (data.A ?? []).map((address) => ({ ...base, type: 'A', data: address }));
    case 'AAAA': return (data.AAAA ?? []).map((address) => ({ ...base, type: 'AAAA', data: address }));
    case 'MX': return (data.MX ?? []).map((mx) => ({ ...base, type: 'MX', data: { preference: mx.preference, exchange: mx.exchange } }));
    case 'TXT': return (data.TXT ?? []).map((t) => ({ ...base, type: 'TXT', data: txtRdata(t) }));
    case 'SPF':
      // dns-packet has no codec for type 99: hand it the RDATA (character-strings, RFC 1035 3.3) ourselves.
      return (data.SPF ?? []).map((t) => ({ ...base, type: 'SPF', data: Buffer.concat(txtRdata(t).flatMap((b) => [Buffer.from([b.length]), b])) } as unknown as Answer));
    case 'CNAME': return data.CNAME ? [{ ...base, type: 'CNAME', data: data.CNAME }] : [];
    case 'NS': return (data.NS ?? []).map((ns) => ({ ...base, type: 'NS', data: ns }));
    case 'PTR': return (data.PTR ?? []).map((p) => ({ ...base, type: 'PTR', data: p }));
    case 'SOA': return data.SOA ? [{ ...base, type: 'SOA', data: { ...data.SOA, refresh: 3600, retry: 600, expire: 86400 } }] : [];
    default: return [];
  }
}

function behaviourKey(name: string, type: string): string {
  return `${norm(name)}|${type.toUpperCase()}`;
}

function listenUdp(host: string, port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    // A large receive buffer: with hundreds of queries in flight the default (~208 KiB) drops datagrams.
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    socket.once('error', reject);
    socket.bind(port, host, () => { socket.off('error', reject); resolve(socket); });
  });
}

function listenTcp(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
}

/** Starts the server; resolves once both UDP and TCP listen on the same port. Throws if it cannot bind. */
export async function startDnsServer(options: DnsServerOptions = {}): Promise<DnsTestServer> {
  const host = options.host ?? '127.0.0.1';
  const chase = options.chaseCnames ?? true;
  let zone = normalizeZone(options.zone ?? {});
  const behaviours = new Map<string, Behaviour>();
  const log: QueryLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();

  // Names that exist only as ancestors of others (empty non-terminals, RFC 8020): NODATA, not NXDOMAIN.
  let ancestors: Set<string> | null = null;
  const exists = (name: string): boolean => {
    if (zone.has(name)) return true;
    if (!ancestors) {
      ancestors = new Set();
      for (const key of zone.keys()) {
        const labels = key.split('.');
        for (let i = 1; i < labels.length; i++) ancestors.add(labels.slice(i).join('.'));
      }
    }
    return ancestors.has(name);
  };
  const enclosingSoa = (name: string): Answer[] => {
    const labels = name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const candidate = labels.slice(i).join('.');
      const data = zone.get(candidate);
      if (data?.SOA) {
        const soa = recordsOf(candidate, 'SOA', data);
        // RFC 2308 5: the negative TTL is min(SOA TTL, SOA MINIMUM).
        return soa.map((r) => ({ ...r, ttl: Math.min((r as { ttl?: number }).ttl ?? 300, data.SOA!.minimum) }) as Answer);
      }
    }
    return [];
  };

  // dns-packet encodes the RCODE only from the low 4 bits of `flags` (RFC 1035 4.1.1).
  function withRcode(response: packet.Packet, rcode: number): packet.Packet {
    return { ...response, answers: [], authorities: [], flags: ((response.flags ?? 0) & ~0xf) | rcode };
  }

  function answerFor(query: packet.Packet): packet.Packet {
    const q = query.questions?.[0];
    const response: packet.Packet = {
      type: 'response', id: query.id,
      flags: packet.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & packet.RECURSION_DESIRED),
      questions: query.questions, answers: [], authorities: [], additionals: [],
    };
    if (!q) return withRcode(response, 1);
    const type = String(q.type).toUpperCase();
    let name = norm(q.name);
    const seen = new Set<string>();
    for (;;) {
      const data = zone.get(name);
      if (!data) {
        if (!exists(name)) response.flags = (response.flags ?? 0) | 3;
        response.authorities = enclosingSoa(name);
        return response;
      }
      if (data.CNAME && type !== 'CNAME') {
        response.answers!.push(...recordsOf(name, 'CNAME', data));
        seen.add(name);
        const target = norm(data.CNAME);
        if (!chase || seen.has(target) || !zone.has(target) && !exists(target)) {
          // Out of zone, a loop, or chasing disabled: the client continues from the CNAME.
          return response;
        }
        name = target;
        continue;
      }
      const records = recordsOf(name, type, data);
      response.answers!.push(...records);
      if (records.length === 0) response.authorities = enclosingSoa(name);
      return response;
    }
  }

  function withTtl(response: packet.Packet, behaviour: Behaviour | undefined): packet.Packet {
    if (!behaviour || typeof behaviour !== 'object' || !('ttl' in behaviour)) return response;
    const retime = (list: Answer[] | undefined): Answer[] => (list ?? []).map((r) => ({ ...r, ttl: behaviour.ttl }) as Answer);
    return { ...response, answers: retime(response.answers), authorities: retime(response.authorities) };
  }

  function behaviourOf(name: string, type: string): Behaviour | undefined {
    return behaviours.get(behaviourKey(name, type)) ?? behaviours.get(behaviourKey(name, '*'));
  }

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  }

  function decodeQuery(msg: Buffer): packet.Packet | undefined {
    try { return packet.decode(msg); } catch { return undefined; }
  }

  function logQuery(query: packet.Packet, transport: 'udp' | 'tcp'): void {
    const q = query.questions?.[0];
    const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    log.push({ name: q ? norm(q.name) : '', type: q ? String(q.type).toUpperCase() : '', transport, id: query.id ?? 0, at: Date.now(),
      ...(opt ? { ednsPayload: opt.udpPayloadSize ?? 512 } : {}) });
  }


  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        const query = decodeQuery(message);
        if (!query) { socket.destroy(); return; }
        logQuery(query, 'tcp');
        const q = query.questions?.[0];
        const behaviour = q ? behaviourOf(q.name, String(q.type)) : undefined;
        if (behaviour === 'timeout') continue;
        let response = withTtl(answerFor(query), behaviour);
        if (behaviour === 'servfail') response = withRcode(response, 2);
        if (behaviour === 'refused') response = withRcode(response, 5);
        if (behaviour === 'tcp-tc') response = { ...response, flags: (response.flags ?? 0) | packet.TRUNCATED_RESPONSE, answers: [], authorities: [] };
        const framed = (message: Buffer): Buffer => Buffer.concat([Buffer.from([message.length >> 8, message.length & 0xff]), message]);
        const send = (): void => {
          if (socket.destroyed) return;
          const whole = packet.streamEncode(response);
          if (behaviour === 'tcp-cut') {
            socket.end(whole.subarray(0, 2 + ((whole.length - 2) >> 1)));
          } else if (behaviour === 'tcp-trailing') {
            socket.write(framed(Buffer.concat([whole.subarray(2), Buffer.from([0xde, 0xad, 0xff])])));
          } else if (behaviour === 'tcp-garbage') {
            socket.write(framed(Buffer.from([whole[2]!, whole[3]!, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0xff])));
          } else {
            socket.write(whole);
          }
        };
        if (behaviour && typeof behaviour === 'object' && 'delayMs' in behaviour) later(behaviour.delayMs, send); else send();
      }
    });
  });
  // Port 0 picks a free UDP port; TCP may find it taken, so try a few fresh ports.
  let udp: dgram.Socket | undefined;
  let port = 0;
  for (let attempt = 0; udp === undefined; attempt++) {
    const candidate = await listenUdp(host, options.port ?? 0);
    port = candidate.address().port;
    try {
      await listenTcp(tcp, host, port);
      udp = candidate;
    } catch (error) {
      candidate.close();
      if (options.port || attempt >= 9) throw error;
    }
  }
  const forger = await listenUdp(host, 0);

  udp.on('message', (msg, rinfo) => {
    const query = decodeQuery(msg);
    if (!query) return;
    logQuery(query, 'udp');
    const q = query.questions?.[0];
    const behaviour = q ? behaviourOf(q.name, String(q.type)) : undefined;
    const reply = (buf: Buffer, from: dgram.Socket = udp): void => {
      from.send(buf, rinfo.port, rinfo.address, () => undefined);
    };
    if (behaviour === 'timeout') return;
    let response = withTtl(answerFor(query), behaviour);
    if (behaviour === 'servfail') response = withRcode(response, 2);
    if (behaviour === 'refused') response = withRcode(response, 5);
    const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    const limit = opt ? Math.max(512, opt.udpPayloadSize ?? 512) : 512;
    let encoded = packet.encode(response);
    const tcpFault = typeof behaviour === 'string' && behaviour.startsWith('tcp-');
    if (behaviour === 'truncate' || tcpFault || encoded.length > limit) {
      encoded = packet.encode({ ...response, flags: (response.flags ?? 0) | packet.TRUNCATED_RESPONSE, answers: [], authorities: [] });
    }
    if (behaviour === 'malformed') {
      const garbage = Buffer.from([encoded[0]!, encoded[1]!, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
      reply(garbage);
      return;
    }
    if (behaviour === 'spoof' && q) {
      const forged: packet.Packet = { ...response, answers: [{ name: q.name, type: 'A', ttl: 1, class: 'IN', data: '6.6.6.6' }, { name: q.name, type: 'TXT', ttl: 1, class: 'IN', data: 'v=spf1 +all' }] } as packet.Packet;
      reply(packet.encode({ ...forged, id: ((query.id ?? 0) + 1) & 0xffff }));
      reply(packet.encode({ ...forged, questions: [{ ...q, name: `spoofed.${q.name}` }] }));
      reply(packet.encode(forged), forger);
      later(30, () => reply(encoded));
      return;
    }
    if (behaviour && typeof behaviour === 'object' && 'delayMs' in behaviour) later(behaviour.delayMs, () => reply(encoded));
    else reply(encoded);
  });

  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return {
    host, port, address, log,
    setZone(next) { zone = normalizeZone(next); ancestors = null; },
    setName(name, data) { zone.set(norm(name), data); ancestors = null; },
    deleteName(name) { zone.delete(norm(name)); ancestors = null; },
    setBehaviour(name, type, behaviour) { behaviours.set(behaviourKey(name, type), behaviour); },
    clearBehaviours() { behaviours.clear(); },
    count(name, type) {
      return log.filter((e) => (name === undefined || e.name === norm(name)) && (type === undefined || e.type === type.toUpperCase())).length;
    },
    clearLog() { log.length = 0; },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => {
        let pending = 3;
        const done = (): void => { if (--pending === 0) resolve(); };
        udp.close(done);
        forger.close(done);
        tcp.close(() => done());
      });
    },
  };
}

/** Reads a zone file (`ZoneData` or `ZoneFile`). Throws with the file name on bad JSON. */
export function readZoneFile(path: string): ZoneFile {
  const parsed = JSON.parse(fs.readFileSync(path, 'utf8')) as unknown;
  if (parsed && typeof parsed === 'object' && 'zone' in parsed) return parsed as ZoneFile;
  return { zone: parsed as ZoneData };
}

async function main(argv: string[]): Promise<void> {
  const arg = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const zonePath = arg('--zone');
  const host = arg('--host') ?? '127.0.0.1';
  const port = Number(arg('--port') ?? 0);
  const load = (): ZoneFile => (zonePath ? readZoneFile(zonePath) : { zone: {} });
  const first = load();
  const server = await startDnsServer({ zone: first.zone, host, port });
  const apply = (file: ZoneFile): void => {
    server.setZone(file.zone);
    server.clearBehaviours();
    for (const b of file.behaviours ?? []) server.setBehaviour(b.name, b.type, b.behaviour);
  };
  apply(first);
  // A poll can catch the file half written (truncated, not yet filled); if the rest lands within the file system's
  // timestamp granularity, the mtime does not move again and no further change is seen. So a failed read retries.
  let retry: NodeJS.Timeout | undefined;
  const reload = (attempt = 0): void => {
    clearTimeout(retry);
    try {
      apply(load());
    } catch (error) {
      if (attempt < 20) retry = setTimeout(() => reload(attempt + 1), 50);
      else process.stderr.write(`dns-server: zone not reloaded: ${(error as Error).message}\n`);
    }
  };
  if (zonePath) fs.watchFile(zonePath, { interval: 100 }, () => reload());
  process.on('SIGHUP', () => reload());
  const stop = (): void => {
    if (zonePath) fs.unwatchFile(zonePath);
    clearTimeout(retry);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`dns-server listening ${server.address}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`dns-server: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
