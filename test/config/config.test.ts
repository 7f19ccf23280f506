import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ENV_VARIABLES, isDnsServerAddress, isLoopbackHost, parseConfig } from '../../src/config/config';

const GUID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function errorsOf(env: Record<string, string>): string[] {
  const result = parseConfig(env, '/srv/app');
  assert.equal(result.ok, false, 'expected a config error');
  return result.ok ? [] : result.errors;
}

describe('config', () => {
  it('has safe defaults: loopback, port 3978, anonymous, sqlite under ./.data', () => {
    const result = parseConfig({}, '/srv/app');
    assert.ok(result.ok);
    const { config } = result;
    assert.deepEqual(config.server, { host: '127.0.0.1', port: 3978 });
    assert.equal(config.bot.anonymous, true);
    assert.equal(config.bot.type, 'MultiTenant');
    assert.equal(config.dataDir, '/srv/app/.data');
    assert.deepEqual(config.storage, { kind: 'sqlite', file: '/srv/app/.data/coexist.sqlite' });
    assert.deepEqual(config.dnsServers, []);
    assert.deepEqual(config.publicResolvers, ['1.1.1.1', '8.8.8.8', '9.9.9.9']);
    assert.equal(config.nameserverPort, 53);
    assert.equal(config.logLevel, 'info');
  });

  it('is frozen, deeply', () => {
    const result = parseConfig({ COEXIST_DNS_SERVERS: '1.1.1.1' }, '/');
    assert.ok(result.ok);
    assert.ok(Object.isFrozen(result.config));
    assert.ok(Object.isFrozen(result.config.server));
    assert.throws(() => (result.config.dnsServers as string[]).push('8.8.8.8'), TypeError);
  });

  it('refuses a non-loopback address without BOT_ID, naming the fix', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      const [message] = errorsOf({ COEXIST_HOST: host });
      assert.match(message!, new RegExp(`Refusing to listen on ${host.replace(/\./g, '\\.')} without BOT_ID`));
      assert.match(message!, /BOT_ID, BOT_TENANT_ID and BOT_PASSWORD/);
      assert.match(message!, /COEXIST_HOST=127\.0\.0\.1/);
      assert.match(message!, /COEXIST_ALLOW_ANONYMOUS=true/);
    }
  });

  it('allows non-loopback anonymous only when explicitly enabled, and with BOT_ID', () => {
    const explicit = parseConfig({ COEXIST_HOST: '0.0.0.0', COEXIST_ALLOW_ANONYMOUS: 'true' }, '/');
    assert.ok(explicit.ok && explicit.config.bot.anonymous);
    const withId = parseConfig({ COEXIST_HOST: '0.0.0.0', BOT_ID: GUID, BOT_PASSWORD: 's3cret', BOT_TENANT_ID: TENANT }, '/');
    assert.ok(withId.ok);
    assert.equal(withId.config.bot.anonymous, false);
    assert.equal(withId.config.bot.appId, GUID);
  });

  it('checks the bot registration variables together', () => {
    assert.match(errorsOf({ BOT_ID: GUID }).join('\n'), /BOT_PASSWORD is empty/);
    assert.match(errorsOf({ BOT_PASSWORD: 'x' }).join('\n'), /BOT_ID is empty/);
    assert.match(errorsOf({ BOT_ID: 'my-bot' , BOT_PASSWORD: 'x' }).join('\n'), /BOT_ID=my-bot is not a GUID/);
    assert.match(errorsOf({ BOT_ID: GUID, BOT_PASSWORD: 'x', BOT_TYPE: 'SingleTenant' }).join('\n'), /needs BOT_TENANT_ID/);
    // Azure registers no new multi-tenant bots since August 2025: with BOT_ID the default is SingleTenant.
    assert.match(errorsOf({ BOT_ID: GUID, BOT_PASSWORD: 'x' }).join('\n'), /BOT_TENANT_ID is empty.*BOT_TYPE=MultiTenant for an older/);
    const single = parseConfig({ BOT_ID: GUID, BOT_PASSWORD: 'x', BOT_TENANT_ID: TENANT }, '/');
    assert.ok(single.ok);
    assert.equal(single.config.bot.type, 'SingleTenant');
    const legacy = parseConfig({ BOT_ID: GUID, BOT_PASSWORD: 'x', BOT_TYPE: 'MultiTenant' }, '/');
    assert.ok(legacy.ok);
    assert.equal(legacy.config.bot.type, 'MultiTenant');
    assert.match(errorsOf({ BOT_TYPE: 'Multi' }).join('\n'), /BOT_TYPE=Multi is not supported/);
    const msi = parseConfig({ BOT_ID: GUID, BOT_TYPE: 'userassignedmsi', BOT_TENANT_ID: TENANT }, '/');
    assert.ok(msi.ok);
    assert.equal(msi.config.bot.type, 'UserAssignedMSI');
  });

  it('validates port, storage, DNS servers, log level and booleans, reporting every problem at once', () => {
    const errors = errorsOf({
      PORT: '99999', COEXIST_STORAGE: 'mysql', COEXIST_DNS_SERVERS: '1.1.1.1,dns.google', COEXIST_LOG_LEVEL: 'loud',
      COEXIST_ALLOW_ANONYMOUS: 'maybe',
    });
    assert.equal(errors.length, 5, errors.join('\n'));
    assert.match(errors.join('\n'), /PORT=99999/);
    assert.match(errors.join('\n'), /COEXIST_STORAGE=mysql/);
    assert.match(errors.join('\n'), /dns\.google/);
    assert.match(errors.join('\n'), /COEXIST_LOG_LEVEL=loud/);
    assert.match(errors.join('\n'), /COEXIST_ALLOW_ANONYMOUS=maybe/);
  });

  it('reads the resolvers the CLI checks use, and validates them', () => {
    const ok = parseConfig({ COEXIST_PUBLIC_RESOLVERS: '127.0.0.1:5300,[::1]:5300', COEXIST_NAMESERVER_PORT: '5301' }, '/');
    assert.ok(ok.ok);
    assert.deepEqual(ok.config.publicResolvers, ['127.0.0.1:5300', '[::1]:5300']);
    assert.equal(ok.config.nameserverPort, 5301);
    const errors = errorsOf({ COEXIST_PUBLIC_RESOLVERS: 'one.one.one.one', COEXIST_NAMESERVER_PORT: '0' }).join('\n');
    assert.match(errors, /COEXIST_PUBLIC_RESOLVERS .*one\.one\.one\.one/);
    assert.match(errors, /COEXIST_NAMESERVER_PORT=0/);
  });

  it('catches misspelt COEXIST_ variables', () => {
    assert.match(errorsOf({ COEXIST_PROT: '1' }).join('\n'), /COEXIST_PROT is not a known setting/);
  });

  it('parses storage kinds, admin lists and port 0', () => {
    const result = parseConfig({ COEXIST_STORAGE: 'redis://127.0.0.1:6379/2', COEXIST_ADMINS: ' Anna@Example.com , 42 ,', PORT: '0' }, '/');
    assert.ok(result.ok);
    assert.deepEqual(result.config.storage, { kind: 'redis', url: 'redis://127.0.0.1:6379/2' });
    assert.deepEqual(result.config.admins, ['anna@example.com', '42']);
    assert.equal(result.config.server.port, 0);
    const memory = parseConfig({ COEXIST_STORAGE: 'memory', COEXIST_DATA_DIR: 'state' }, '/srv');
    assert.ok(memory.ok);
    assert.deepEqual(memory.config.storage, { kind: 'memory' });
    assert.equal(memory.config.dataDir, '/srv/state');
    const azureFiles = parseConfig({ COEXIST_STORAGE: 'sqlite:coexist.sqlite?journal=delete', COEXIST_DATA_DIR: '/mnt/data' }, '/');
    assert.ok(azureFiles.ok);
    assert.deepEqual(azureFiles.config.storage, { kind: 'sqlite', file: '/mnt/data/coexist.sqlite', journal: 'delete' });
    assert.match(errorsOf({ COEXIST_STORAGE: 'sqlite:x.db?journal=off' }).join('\n'), /COEXIST_STORAGE=.*journal must be 'wal' or 'delete'/);
  });

  const loopback: Array<[string, boolean]> = [
    ['127.0.0.1', true], ['127.1.2.3', true], ['::1', true], ['[::1]', true], ['localhost', true],
    ['0.0.0.0', false], ['::', false], ['10.0.0.1', false], ['127.0.0.256', false], ['128.0.0.1', false],
  ];
  for (const [host, expected] of loopback) {
    it(`isLoopbackHost(${host}) is ${expected}`, () => assert.equal(isLoopbackHost(host), expected));
  }

  const dns: Array<[string, boolean]> = [
    ['1.1.1.1', true], ['8.8.8.8:53', true], ['[2606:4700::1111]:53', true], ['2606:4700::1111', true], ['[::1]', true],
    ['1.1.1', false], ['01.1.1.1', false], ['1.1.1.1:0', false], ['1.1.1.1:70000', false], ['dns.google', false], ['[1.1.1.1]:53', false],
  ];
  for (const [entry, expected] of dns) {
    it(`isDnsServerAddress(${entry}) is ${expected}`, () => assert.equal(isDnsServerAddress(entry), expected));
  }

  it('documents every variable in the configuration table (docs/configuration.md), which the README links to', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    assert.match(readme, /\]\(docs\/configuration\.md\)/, 'the README links to docs/configuration.md');
    const table = fs.readFileSync(path.join(__dirname, '../../docs/configuration.md'), 'utf8');
    for (const variable of ENV_VARIABLES) {
      assert.match(table, new RegExp(`^\\|\\s*\`${variable.name}\`\\s*\\|`, 'm'), `${variable.name} is missing from the table in docs/configuration.md`);
    }
  });

  it('is the only reader of process.env in src/', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (full.endsWith('.ts') && /process\.env\b/.test(fs.readFileSync(full, 'utf8'))) offenders.push(path.relative(path.join(__dirname, '../..'), full));
      }
    };
    walk(path.join(__dirname, '../../src'));
    // src/cli.ts hands the environment to CLI commands as `io.env` (injected, so commands stay testable).
    assert.deepEqual(offenders.filter((f) => !f.startsWith(path.join('src', 'config') + path.sep) && f !== path.join('src', 'cli.ts')), []);
  });
});
