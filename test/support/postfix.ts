import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './bot-process';

/** A real Postfix (Debian's package) the tests started on loopback ports, with its own config and queue. */
export interface PostfixServer {
  /** The port of each smtpd service, by the name given in `services`. */
  ports: Record<string, number>;
  /** Postfix's own mail log so far (one line per event; `disconnect from …` lines count the commands). */
  log: () => string;
  stop: () => Promise<void>;
}

export interface PostfixOptions {
  /** `check_recipient_access` regexp table lines, e.g. `/@dbeb\.test$/ 550 5.4.1 Recipient address rejected: Access denied`. */
  recipientRules: string[];
  /** Domains whose recipients are accepted (and would be relayed): Exchange Online's Internal Relay. */
  relayDomains: string[];
  /** smtpd services: name → `-o` overrides for that listener (`{}` for the plain one). */
  services: Record<string, Record<string, string>>;
}

const POSTFIX = '/usr/sbin/postfix';

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

/**
 * Starts Postfix in the foreground (`postfix -c DIR start-fg`) with smtpd on the given loopback ports. Needs
 * root (Postfix drops to its `postfix` user) and Debian's postfix package; rejects, so the calling test fails,
 * when either is missing, naming the fix.
 */
export async function startPostfix(options: PostfixOptions): Promise<PostfixServer> {
  if (!existsSync(POSTFIX)) throw new Error(`Postfix not found at ${POSTFIX}: install it with 'apt-get install postfix'`);
  if (process.getuid?.() !== 0) throw new Error('Postfix tests need root (Postfix starts as root and drops to its postfix user)');
  const owner = spawnSync('id', ['-u', 'postfix'], { encoding: 'utf8' });
  if (owner.status !== 0) throw new Error("the 'postfix' user is missing: install the package with 'apt-get install postfix'");
  const dir = mkdtempSync(path.join(tmpdir(), 'coexist-postfix-'));
  // Postfix's daemons run as the postfix user and must reach data_directory inside it.
  chmodSync(dir, 0o755);
  const conf = path.join(dir, 'conf');
  const data = path.join(dir, 'data');
  for (const d of [conf, path.join(dir, 'queue'), data]) mkdirSync(d, { recursive: true });
  chownSync(data, Number(owner.stdout.trim()), -1);
  const ports: Record<string, number> = {};
  for (const name of Object.keys(options.services)) ports[name] = await freePort();
  writeFileSync(path.join(conf, 'rcpt.regexp'), `${options.recipientRules.join('\n')}\n`);
  writeFileSync(path.join(conf, 'main.cf'), [
    'compatibility_level = 3.6',
    `queue_directory = ${path.join(dir, 'queue')}`,
    `data_directory = ${data}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'myhostname = mx.relay-probe.test',
    'mydestination =',
    // No client may relay by its address: only relay_domains are accepted, as Exchange Online does.
    'mynetworks = 192.0.2.1/32',
    `relay_domains = ${options.relayDomains.join(', ')}`,
    // One list decides, in order: the test's per-domain rules, then relay_domains only (554 5.7.1 for the rest).
    'smtpd_relay_restrictions =',
    `smtpd_recipient_restrictions = check_recipient_access regexp:${path.join(conf, 'rcpt.regexp')}, reject_unauth_destination`,
    `maillog_file_prefixes = ${dir}`,
    `maillog_file = ${path.join(dir, 'maillog')}`,
    'smtputf8_enable = no',
    'alias_maps =',
    'alias_database =',
    'nis_domain_name =',
    '',
  ].join('\n'));
  const listeners = Object.entries(options.services).map(([name, overrides]) =>
    `127.0.0.1:${ports[name]} inet n - n - - smtpd${Object.entries(overrides).map(([k, v]) => ` -o ${k}=${v}`).join('')}`);
  const master = readFileSync('/etc/postfix/master.cf', 'utf8').split('\n').filter((line) => !/^smtp\s+inet\s/.test(line));
  writeFileSync(path.join(conf, 'master.cf'), [...listeners, ...master].join('\n'));
  const child = spawn(POSTFIX, ['-c', conf, 'start-fg'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { output += c.toString(); });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const readLog = (): string => (existsSync(path.join(dir, 'maillog')) ? readFileSync(path.join(dir, 'maillog'), 'utf8') : '');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await Promise.all(Object.values(ports).map(accepts));
    if (ready.every(Boolean)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      const check = spawnSync(POSTFIX, ['-c', conf, 'check'], { encoding: 'utf8' });
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Postfix did not start (exit ${child.exitCode}):\n${output}\n${readLog()}\n${check.stdout}${check.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopping: Promise<void> | undefined;
  return {
    ports,
    log: readLog,
    stop: () => {
      stopping ??= (async () => {
        spawnSync(POSTFIX, ['-c', conf, 'stop'], { stdio: 'ignore' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
