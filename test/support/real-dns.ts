/**
 * Real DNS server software from Debian for tests, on 127.0.0.x aliases of loopback, port 53, each in the foreground
 * with its own temp config and directory: BIND 9 `named`, Knot (`knotd`) and NSD as authoritative servers, Unbound
 * as a recursive resolver whose root hints point at a loopback root server.
 *
 * ```ts
 * const world = await startRealDns();            // needs root (aliases, port 53)
 * const bind = await world.bind('127.0.53.2', [{ origin: 'meinefirma.de', serial: 1, records: ['@ TXT "x"'] }]);
 * await bind.update([{ origin: 'meinefirma.de', serial: 2, records: ['@ TXT "y"'] }]);   // rewrite, reload, wait
 * const unbound = await world.unbound('127.0.53.10', { rootServer: '127.0.53.1' });
 * await world.stop();                            // stops every server, removes the aliases it added
 * ```
 *
 * BIND only listens on addresses that exist on an interface, so each address is added to `lo` first
 * (`ip addr add 127.0.53.N/8 dev lo`) and removed again by `stop()`; an alias that already existed is left alone.
 * A missing binary rejects with `MissingServerError` (its message names the Debian package), so that a test can
 * fail under CI and skip elsewhere (`requireOrSkip`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dgram from 'node:dgram';
import packet from 'dns-packet';

export class MissingServerError extends Error {}

/** One zone: `records` are zone-file lines relative to the origin (`@ TXT "v=spf1 -all"`, `_spf NS ns.x.test.`). */
export interface ZoneSpec {
  origin: string;
  serial: number;
  /** The apex NS hosts (absolute names); default ns1.nic.test. */
  nameservers?: string[];
  /** SOA MINIMUM and the default TTL (default 300). */
  ttl?: number;
  records: string[];
}

export interface RunningServer {
  /** `127.0.53.N` */
  address: string;
  software: string;
  /** Rewrites the zone files, reloads the server and waits until every zone answers with its new serial. */
  update(zones: ZoneSpec[]): Promise<void>;
  stop(): Promise<void>;
}

const BINARIES = { named: ['/usr/sbin/named', 'bind9'], knotd: ['/usr/sbin/knotd', 'knot'], nsd: ['/usr/sbin/nsd', 'nsd'], unbound: ['/usr/sbin/unbound', 'unbound'], ip: ['/usr/sbin/ip', 'iproute2'] } as const;

function binary(name: keyof typeof BINARIES): string {
  const [file, pkg] = BINARIES[name];
  if (!existsSync(file)) throw new MissingServerError(`${file} is missing: apt-get install ${pkg} (.ci/run installs it)`);
  return file;
}

/** The zone file text (RFC 1035 5). Pure. */
export function zoneFileText(zone: ZoneSpec): string {
  const origin = zone.origin === '.' ? '.' : `${zone.origin.replace(/\.$/, '')}.`;
  const ttl = zone.ttl ?? 300;
  const ns = zone.nameservers ?? ['ns1.nic.test.'];
  return [
    `$ORIGIN ${origin}`,
    `$TTL ${ttl}`,
    `@ SOA ${ns[0]} hostmaster.nic.test. ${zone.serial} 3600 600 86400 ${ttl}`,
    ...ns.map((n) => `@ NS ${n}`),
    ...zone.records,
    '',
  ].join('\n');
}

function fileName(origin: string): string {
  return origin === '.' ? 'root.zone' : `${origin.replace(/\.$/, '')}.zone`;
}

/** One query over UDP; undefined on timeout. */
export async function query(address: string, name: string, type: string, timeoutMs = 300, recursionDesired = false): Promise<packet.Packet | undefined> {
  const socket = dgram.createSocket('udp4');
  try {
    return await new Promise<packet.Packet | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      socket.on('message', (message) => {
        clearTimeout(timer);
        try { resolve(packet.decode(message)); } catch { resolve(undefined); }
      });
      socket.on('error', () => { clearTimeout(timer); resolve(undefined); });
      socket.send(packet.encode({ type: 'query', id: 1, flags: recursionDesired ? packet.RECURSION_DESIRED : 0, questions: [{ name, type: type as packet.RecordType }] }), 53, address);
    });
  } finally {
    socket.close();
  }
}

/** The SOA serial `address` serves for `origin`, or undefined. */
export async function servedSerial(address: string, origin: string): Promise<number | undefined> {
  const answer = await query(address, origin === '.' ? '.' : origin, 'SOA');
  const soa = answer?.answers?.find((a) => a.type === 'SOA');
  return soa && soa.type === 'SOA' ? (soa.data as { serial: number }).serial : undefined;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms:\n${output()}`);
}

class Process {
  output = '';
  exited = false;
  readonly child: ChildProcess;
  constructor(file: string, args: string[], readonly software: string) {
    this.child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => { this.output = (this.output + chunk.toString()).slice(-20000); };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.once('exit', (code, signal) => { this.exited = true; this.output += `\n[${software} exited: ${code ?? signal}]`; });
    this.child.once('error', (error) => { this.exited = true; this.output += `\n[${software}: ${error.message}]`; });
  }
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
}

export interface RealDns {
  /** BIND 9 as an authoritative-only server (recursion no) for `zones`. */
  bind(address: string, zones: ZoneSpec[]): Promise<RunningServer>;
  /** Knot as an authoritative server for `zones`. */
  knot(address: string, zones: ZoneSpec[]): Promise<RunningServer>;
  /** NSD as an authoritative server for `zones` (e.g. the root, `.`). */
  nsd(address: string, zones: ZoneSpec[]): Promise<RunningServer>;
  /** Unbound as a recursive resolver (iterator only, no DNSSEC) whose root hints name `rootServer`. */
  unbound(address: string, options: { rootServer: string }): Promise<RunningServer>;
  stop(): Promise<void>;
}

/**
 * Prepares a world of real DNS servers. Throws `MissingServerError` when `ip` is missing and `Error` when not root.
 * Each server method throws `MissingServerError` for its own missing binary.
 */
export function startRealDns(): RealDns {
  const ip = binary('ip');
  if (process.getuid?.() !== 0) throw new MissingServerError('real DNS servers on port 53 and loopback aliases need root');
  const added: string[] = [];
  const running: RunningServer[] = [];
  const dirs: string[] = [];

  const alias = (address: string): void => {
    const has = spawnSync(ip, ['-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).stdout.includes(`inet ${address}/`);
    if (has) return;
    const done = spawnSync(ip, ['addr', 'add', `${address}/8`, 'dev', 'lo'], { encoding: 'utf8' });
    if (done.status !== 0) throw new Error(`ip addr add ${address}/8 dev lo failed: ${done.stderr}`);
    added.push(address);
  };
  const workdir = (software: string): string => {
    const dir = mkdtempSync(path.join(tmpdir(), `coexist-${software}-`));
    dirs.push(dir);
    return dir;
  };
  const writeZones = (dir: string, zones: ZoneSpec[]): void => {
    for (const zone of zones) writeFileSync(path.join(dir, fileName(zone.origin)), zoneFileText(zone));
  };
  const serving = (address: string, zones: ZoneSpec[]) => async (): Promise<boolean> => {
    for (const zone of zones) if ((await servedSerial(address, zone.origin)) !== zone.serial) return false;
    return true;
  };

  async function authoritative(software: string, address: string, zones: ZoneSpec[], start: (dir: string) => { file: string; args: string[] }, reloadSignal: NodeJS.Signals): Promise<RunningServer> {
    alias(address);
    const dir = workdir(software);
    writeZones(dir, zones);
    const { file, args } = start(dir);
    const proc = new Process(file, args, software);
    try {
      await until(`${software} on ${address}`, async () => { if (proc.exited) throw new Error(proc.output); return serving(address, zones)(); }, 15000, () => proc.output);
    } catch (error) {
      await proc.stop();
      throw error;
    }
    const server: RunningServer = {
      address,
      software,
      async update(next) {
        writeZones(dir, next);
        proc.child.kill(reloadSignal);
        await until(`${software} reload on ${address}`, serving(address, next), 15000, () => proc.output);
      },
      stop: () => proc.stop(),
    };
    running.push(server);
    return server;
  }

  return {
    bind(address, zones) {
      const file = binary('named');
      return authoritative('named', address, zones, (dir) => {
        writeFileSync(path.join(dir, 'named.conf'), [
          'options {',
          `  directory "${dir}";`,
          `  listen-on port 53 { ${address}; };`,
          '  listen-on-v6 { none; };',
          `  pid-file "${dir}/named.pid";`,
          `  session-keyfile "${dir}/session.key";`,
          `  managed-keys-directory "${dir}";`,
          '  recursion no;',
          '  allow-query { any; };',
          '  dnssec-validation no;',
          '  notify no;',
          '  minimal-responses no;',
          '};',
          'controls { };',
          ...zones.map((z) => `zone "${z.origin}" { type primary; file "${dir}/${fileName(z.origin)}"; };`),
          '',
        ].join('\n'));
        // -g: foreground, log to stderr; no -u: stays root (its temp dir is root's).
        return { file, args: ['-g', '-c', path.join(dir, 'named.conf')] };
      }, 'SIGHUP');
    },
    knot(address, zones) {
      const file = binary('knotd');
      return authoritative('knotd', address, zones, (dir) => {
        writeFileSync(path.join(dir, 'knot.conf'), [
          'server:',
          `    listen: ${address}@53`,
          `    rundir: "${dir}"`,
          'control:',
          `    listen: "${dir}/knot.sock"`,
          'database:',
          `    storage: "${dir}"`,
          'log:',
          '  - target: stderr',
          '    any: info',
          'template:',
          '  - id: default',
          `    storage: "${dir}"`,
          '    zonefile-sync: -1',
          '    journal-content: none',
          'zone:',
          ...zones.map((z) => `  - domain: "${z.origin}"\n    file: "${fileName(z.origin)}"`),
          '',
        ].join('\n'));
        return { file, args: ['-c', path.join(dir, 'knot.conf')] };
      }, 'SIGHUP');
    },
    nsd(address, zones) {
      const file = binary('nsd');
      return authoritative('nsd', address, zones, (dir) => {
        writeFileSync(path.join(dir, 'nsd.conf'), [
          'server:',
          `  ip-address: ${address}`,
          '  port: 53',
          '  do-ip6: no',
          '  username: ""',
          '  chroot: ""',
          `  zonesdir: "${dir}"`,
          '  database: ""',
          `  pidfile: "${dir}/nsd.pid"`,
          `  xfrdfile: "${dir}/xfrd.state"`,
          `  zonelistfile: "${dir}/zone.list"`,
          `  xfrdir: "${dir}"`,
          '  server-count: 1',
          '  verbosity: 1',
          'remote-control:',
          '  control-enable: no',
          ...zones.map((z) => `zone:\n  name: "${z.origin}"\n  zonefile: "${fileName(z.origin)}"`),
          '',
        ].join('\n'));
        return { file, args: ['-d', '-c', path.join(dir, 'nsd.conf')] };
      }, 'SIGHUP');
    },
    async unbound(address, { rootServer }) {
      const file = binary('unbound');
      alias(address);
      const dir = workdir('unbound');
      writeFileSync(path.join(dir, 'root.hints'), `. 3600000 NS a.root.test.\na.root.test. 3600000 A ${rootServer}\n`);
      writeFileSync(path.join(dir, 'unbound.conf'), [
        'server:',
        `  interface: ${address}`,
        '  port: 53',
        '  do-ip6: no',
        '  access-control: 127.0.0.0/8 allow',
        // Unbound skips servers on localhost unless told otherwise; every server here is on 127.0.53.x.
        '  do-not-query-localhost: no',
        // Unbound answers the RFC 6761 name "test." itself (NXDOMAIN); here it is served by the loopback root.
        '  local-zone: "test." nodefault',
        `  root-hints: "${dir}/root.hints"`,
        '  module-config: "iterator"',
        '  username: ""',
        '  chroot: ""',
        `  directory: "${dir}"`,
        `  pidfile: "${dir}/unbound.pid"`,
        '  use-syslog: no',
        '  logfile: ""',
        '  verbosity: 1',
        '  num-threads: 1',
        '  so-reuseport: no',
        '  qname-minimisation: no',
        '  prefetch: no',
        '  serve-expired: no',
        'remote-control:',
        '  control-enable: no',
        '',
      ].join('\n'));
      const proc = new Process(file, ['-d', '-c', path.join(dir, 'unbound.conf')], 'unbound');
      try {
        await until(`unbound on ${address}`, async () => {
          if (proc.exited) throw new Error(proc.output);
          return /start of service/.test(proc.output);
        }, 15000, () => proc.output);
      } catch (error) {
        await proc.stop();
        throw error;
      }
      const server: RunningServer = { address, software: 'unbound', update: () => Promise.reject(new Error('unbound has no zones')), stop: () => proc.stop() };
      running.push(server);
      return server;
    },
    async stop() {
      await Promise.all(running.splice(0).map((s) => s.stop()));
      for (const address of added.splice(0)) spawnSync(ip, ['addr', 'del', `${address}/8`, 'dev', 'lo']);
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a `before` hook: under CI=true a missing server is an error (the test fails); elsewhere the suite is skipped
 * with the reason printed.
 */
export function requireOrSkip(context: Mocha.Context, error: unknown): never {
  if (error instanceof MissingServerError && process.env.CI !== 'true') {
    console.log(`      skipped: ${error.message}`);
    context.skip();
  }
  throw error;
}
