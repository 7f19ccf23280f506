import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ENV_VARIABLES } from '../../src/config/config';

// No bicep compiler exists on these machines: this is a structural check of the template's text, so a missing
// resource, a renamed parameter, an unknown app setting or a committed secret fails here before `teamsapp provision`.
const infra = path.resolve(__dirname, '../../infra');
const bicep = fs.readFileSync(path.join(infra, 'azure.bicep'), 'utf8');
const parametersText = fs.readFileSync(path.join(infra, 'azure.parameters.json'), 'utf8');

interface Param { name: string; type: string; default?: string; decorators: string[] }

function stripComments(text: string): string {
  return text.split('\n').map((line) => line.replace(/^\s*\/\/.*$/, '').replace(/\s\/\/[^']*$/, '')).join('\n');
}

function params(text: string): Param[] {
  const lines = stripComments(text).split('\n');
  const out: Param[] = [];
  let decorators: string[] = [];
  let inDecorator = 0;
  for (const line of lines) {
    const t = line.trim();
    if (inDecorator > 0 || t.startsWith('@')) {
      decorators.push(t);
      inDecorator += (t.match(/\(/g) ?? []).length - (t.match(/\)/g) ?? []).length;
      continue;
    }
    const m = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/.exec(t);
    if (m) out.push({ name: m[1]!, type: m[2]!, ...(m[3] === undefined ? {} : { default: m[3] }), decorators });
    if (t) decorators = [];
  }
  return out;
}

const resources = [...bicep.matchAll(/^resource\s+(\w+)\s+'([^'@]+)@([\d-]+(?:-preview)?)'\s*=\s*(if\s*\([^)]*\)\s*)?\{/gm)]
  .map((m) => ({ symbol: m[1]!, type: m[2]!, apiVersion: m[3]!, conditional: Boolean(m[4]) }));
const declared = params(bicep);

describe('infra/azure.bicep (structure)', () => {
  it('has balanced braces, brackets and parentheses outside strings', () => {
    const code = stripComments(bicep).replace(/'(?:[^'\\]|\\.)*'/g, "''");
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']] as const) {
      let depth = 0;
      for (const ch of code) {
        if (ch === open) depth++;
        if (ch === close) depth--;
        assert.ok(depth >= 0, `unbalanced ${close}`);
      }
      assert.equal(depth, 0, `unbalanced ${open}`);
    }
  });

  it('declares every required resource, Redis only as an option', () => {
    const types = new Map(resources.map((r) => [r.type, r]));
    for (const type of ['Microsoft.Web/serverfarms', 'Microsoft.Web/sites', 'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.BotService/botServices', 'Microsoft.BotService/botServices/channels', 'Microsoft.Storage/storageAccounts',
      'Microsoft.Storage/storageAccounts/fileServices/shares', 'Microsoft.Cache/redis']) {
      assert.ok(types.has(type), `missing resource ${type}`);
      assert.match(types.get(type)!.apiVersion, /^\d{4}-\d{2}-\d{2}/);
    }
    assert.equal(types.get('Microsoft.Cache/redis')!.conditional, true, 'Redis must be optional');
    assert.equal(types.get('Microsoft.Web/sites')!.conditional, false);
  });

  it('runs Node 24 LTS on Linux with HTTPS only and a health check', () => {
    assert.match(bicep, /kind:\s*'linux'/);
    assert.match(bicep, /reserved:\s*true/);
    assert.match(bicep, /linuxFxVersion:\s*'NODE\|24-lts'/);
    assert.match(bicep, /httpsOnly:\s*true/);
    assert.match(bicep, /ftpsState:\s*'Disabled'/);
    assert.match(bicep, /healthCheckPath:\s*'\/healthz'/);
    assert.match(bicep, /appCommandLine:\s*'node dist\/index\.js'/);
  });

  it('registers the bot as UserAssignedMSI by default, SingleTenant as the only alternative, never MultiTenant', () => {
    const botType = declared.find((p) => p.name === 'botType');
    assert.ok(botType, 'param botType missing');
    assert.equal(botType.default, "'UserAssignedMSI'");
    const allowed = botType.decorators.join(' ');
    assert.match(allowed, /'UserAssignedMSI'/);
    assert.match(allowed, /'SingleTenant'/);
    assert.doesNotMatch(bicep, /MultiTenant/);
    assert.match(bicep, /msaAppType:\s*botType/);
    assert.match(bicep, /msaAppMSIResourceId:\s*isMsi \? identity\.id/);
    assert.match(bicep, /msaAppTenantId:\s*tenant\(\)\.tenantId/);
    assert.match(bicep, /endpoint:\s*'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    assert.match(bicep, /channelName:\s*'MsTeamsChannel'/);
  });

  it('maps app settings to environment variables the app actually reads', () => {
    const known = new Set(ENV_VARIABLES.map((v) => v.name));
    const settings = [...bicep.matchAll(/\{\s*name:\s*'([A-Z0-9_]+)'\s*,\s*value:/g)].map((m) => m[1]!);
    for (const required of ['BOT_ID', 'BOT_TYPE', 'BOT_TENANT_ID', 'BOT_PASSWORD', 'COEXIST_STORAGE', 'COEXIST_DATA_DIR', 'COEXIST_HOST', 'COEXIST_LOG_LEVEL']) {
      assert.ok(settings.includes(required), `app setting ${required} missing`);
    }
    for (const name of settings.filter((s) => s.startsWith('BOT_') || s.startsWith('COEXIST_'))) {
      assert.ok(known.has(name), `app setting ${name} is not read by src/config (ENV_VARIABLES)`);
    }
  });

  it('mounts an Azure Files share at the data directory', () => {
    assert.match(bicep, /type:\s*'AzureFiles'/);
    const mount = /var dataMountPath = '([^']+)'/.exec(bicep)?.[1];
    assert.ok(mount);
    assert.match(bicep, /name:\s*'COEXIST_DATA_DIR', value: dataMountPath/);
  });

  it('contains no secrets: secure parameters without defaults, keys only through listKeys()', () => {
    const secure = declared.filter((p) => p.decorators.some((d) => d.startsWith('@secure()')));
    assert.deepEqual(secure.map((p) => p.name), ['botAadAppClientSecret']);
    for (const p of secure) assert.ok(p.default === undefined || p.default === "''", `secure param ${p.name} has a default`);
    assert.doesNotMatch(bicep, /AccountKey=|SharedAccessSignature|password\s*[:=]\s*'[^']+'/i);
    assert.doesNotMatch(bicep, /'[A-Za-z0-9+/]{40,}={0,2}'/, 'a long base64 literal looks like a key');
    assert.doesNotMatch(bicep, /'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'/i, 'a hard-coded GUID (tenant or app id)');
    assert.match(bicep, /accessKey:\s*storage\.listKeys\(\)/);
    assert.doesNotMatch(bicep, /output\s+\w+\s+string\s*=.*(listKeys|Secret|password)/i, 'an output leaks a secret');
  });

  it('outputs what teamsapp deploy and the manifest need', () => {
    for (const output of ['BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_DOMAIN', 'BOT_ID', 'BOT_TENANT_ID']) {
      assert.match(bicep, new RegExp(`^output ${output} string =`, 'm'));
    }
  });
});

describe('infra/azure.parameters.json', () => {
  const parsed = JSON.parse(parametersText) as { parameters: Record<string, { value: unknown }> };

  it('only sets declared parameters and covers every parameter without a default', () => {
    const names = new Set(declared.map((p) => p.name));
    for (const key of Object.keys(parsed.parameters)) assert.ok(names.has(key), `parameters.json sets unknown param ${key}`);
    for (const p of declared.filter((x) => x.default === undefined)) assert.ok(p.name in parsed.parameters, `required param ${p.name} not set`);
  });

  it('uses well-formed Teams Toolkit placeholders and no secret values', () => {
    const placeholders = [...parametersText.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1]!);
    assert.ok(placeholders.includes('RESOURCE_SUFFIX'));
    for (const p of placeholders) assert.match(p, /^[A-Z][A-Z0-9_]*$/, `odd placeholder ${p}`);
    assert.doesNotMatch(parametersText.replace(/\$\{\{[A-Z0-9_]+\}\}/g, ''), /\$\{/, 'a broken placeholder');
    assert.doesNotMatch(parametersText, /secret|password/i, 'secrets belong in env/.env.<env>.user, passed as ${{SECRET_…}} only when SingleTenant');
    assert.equal(parsed.parameters.botType!.value, 'UserAssignedMSI');
  });
});
