import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { PNG } from 'pngjs';
import { readZip } from './read-zip';

const root = path.join(__dirname, '../..');
const appDir = path.join(root, 'appPackage');
const schemaRoot = path.join(root, 'node_modules/@microsoft/app-manifest/build/json-schemas/teams');
const SAMPLE_ENV = {
  TEAMS_APP_ID: '0d8f7a3e-6b1c-4e47-9a1f-2c3b4d5e6f70',
  BOT_ID: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
  APP_NAME_SUFFIX: 'local',
};

interface PackModule {
  fillPlaceholders: (text: string, env: Record<string, string>) => { text: string; missing: string[] };
  packApp: (options: { env: Record<string, string>; out: string }) => { ok: true; out: string } | { ok: false; missing: string[] };
}
const loadPack = () => import(path.join(root, 'scripts/pack-app.mjs')) as Promise<PackModule>;

function newestSchemaVersion(): string {
  const versions = fs.readdirSync(schemaRoot).filter((v) => /^v\d+\.\d+$/.test(v));
  versions.sort((a, b) => {
    const [am, an] = a.slice(1).split('.').map(Number);
    const [bm, bn] = b.slice(1).split('.').map(Number);
    return am! - bm! || an! - bn!;
  });
  return versions.at(-1)!.slice(1);
}

const validators = new Map<string, ReturnType<Ajv['compile']>>();
function validator(file: string) {
  const cached = validators.get(file);
  if (cached) return cached;
  // unicodeRegExp: false because the Localization schema has patterns ("\b]") that are invalid with the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // The schemas use only format "uri"; a URL parse is what Teams checks too.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
  validators.set(file, validate);
  return validate;
}

async function filledJson(name: string): Promise<Record<string, unknown>> {
  const { fillPlaceholders } = await loadPack();
  const filled = fillPlaceholders(fs.readFileSync(path.join(appDir, name), 'utf8'), SAMPLE_ENV);
  assert.deepEqual(filled.missing, []);
  return JSON.parse(filled.text) as Record<string, unknown>;
}

describe('Teams app package', () => {
  it('the manifest uses the newest schema @microsoft/app-manifest bundles, and validates against it', async () => {
    const manifest = await filledJson('manifest.json');
    const version = newestSchemaVersion();
    assert.equal(manifest.manifestVersion, version);
    assert.equal(manifest.$schema, `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
    const validate = validator(path.join(schemaRoot, `v${version}/MicrosoftTeams.schema.json`));
    assert.ok(validate(manifest), JSON.stringify(validate.errors, null, 2));
  });

  it('the schema check can fail: a manifest without a bot id or with a bad scope is rejected', async () => {
    const manifest = await filledJson('manifest.json');
    const bots = manifest.bots as Array<Record<string, unknown>>;
    const validate = validator(path.join(schemaRoot, `v${newestSchemaVersion()}/MicrosoftTeams.schema.json`));
    assert.equal(validate({ ...manifest, bots: [{ ...bots[0], botId: 'not-a-guid' }] }), false);
    assert.equal(validate({ ...manifest, bots: [{ ...bots[0], scopes: ['everyone'] }] }), false);
  });

  it('declares the bot in personal, team and groupChat with the commands migrate, status, check and help', async () => {
    const manifest = await filledJson('manifest.json');
    const [bot] = manifest.bots as Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>;
    assert.equal(bot!.botId, SAMPLE_ENV.BOT_ID);
    assert.deepEqual([...bot!.scopes].sort(), ['groupChat', 'personal', 'team']);
    const covered = new Set(bot!.commandLists.flatMap((l) => l.scopes));
    assert.deepEqual([...covered].sort(), ['groupChat', 'personal', 'team']);
    for (const list of bot!.commandLists) {
      for (const command of ['migrate', 'status', 'check', 'help']) {
        assert.ok(list.commands.some((c) => c.title === command), `${command} missing in ${list.scopes.join('/')}`);
      }
    }
  });

  it('has a German localization file that validates and only localizes strings that exist', async () => {
    const manifest = await filledJson('manifest.json');
    const info = manifest.localizationInfo as { additionalLanguages: Array<{ languageTag: string; file: string }> };
    assert.deepEqual(info.additionalLanguages, [{ languageTag: 'de', file: 'de.json' }]);
    const de = await filledJson('de.json');
    const validate = validator(path.join(schemaRoot, `v${newestSchemaVersion()}/MicrosoftTeams.Localization.schema.json`));
    assert.ok(validate(de), JSON.stringify(validate.errors, null, 2));
    for (const key of Object.keys(de).filter((k) => k !== '$schema')) {
      // "bots[0].commandLists[1].commands[2].description" → walk the manifest
      const value = key.split('.').reduce<unknown>((node, part) => {
        const m = /^(\w+)(?:\[(\d+)\])*$/.exec(part);
        if (!m || node === undefined || node === null) return undefined;
        let current = (node as Record<string, unknown>)[m[1]!];
        for (const index of part.matchAll(/\[(\d+)\]/g)) current = (current as unknown[] | undefined)?.[Number(index[1])];
        return current;
      }, manifest);
      assert.equal(typeof value, 'string', `de.json key ${key} has no string in manifest.json`);
    }
    assert.match(String(de['description.short']), /Mischbetrieb/);
  });

  it('color.png is 192x192 and opaque', () => {
    const png = PNG.sync.read(fs.readFileSync(path.join(appDir, 'color.png')));
    assert.equal(png.width, 192);
    assert.equal(png.height, 192);
    for (let i = 3; i < png.data.length; i += 4) assert.equal(png.data[i], 255, 'color icon must be opaque');
  });

  it('outline.png is 32x32, white on transparent, with a visible shape', () => {
    const png = PNG.sync.read(fs.readFileSync(path.join(appDir, 'outline.png')));
    assert.equal(png.width, 32);
    assert.equal(png.height, 32);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = [png.data[i], png.data[i + 1], png.data[i + 2], png.data[i + 3]];
      if (a === 0) transparent++;
      else {
        assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i / 4} is not white`);
        if (a === 255) opaque++;
      }
    }
    assert.equal(png.data[3], 0, 'the corner must be transparent');
    assert.ok(opaque >= 40, `only ${opaque} opaque pixels`);
    assert.ok(transparent >= 32 * 32 / 2, `only ${transparent} transparent pixels`);
  });

  it('scripts/make-icons.mjs reproduces the committed icons', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-icons-'));
    try {
      fs.cpSync(path.join(root, 'scripts'), path.join(dir, 'scripts'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'appPackage'));
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
      execFileSync(process.execPath, [path.join(dir, 'scripts/make-icons.mjs')], { stdio: 'pipe' });
      for (const name of ['color.png', 'outline.png']) {
        assert.ok(fs.readFileSync(path.join(dir, 'appPackage', name)).equals(fs.readFileSync(path.join(appDir, name))), `${name} differs from the generator's output`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pack-app writes a zip with the four files at its root, placeholders filled', async () => {
    const { packApp } = await loadPack();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-pack-')), 'app.zip');
    const result = packApp({ env: SAMPLE_ENV, out });
    assert.ok(result.ok);
    const files = readZip(fs.readFileSync(out));
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'de.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { id: string; name: { short: string } };
    assert.equal(manifest.id, SAMPLE_ENV.TEAMS_APP_ID);
    assert.equal(manifest.name.short, 'coexistlocal');
    assert.ok(!files.get('manifest.json')!.toString('utf8').includes('${{'));
    assert.ok(files.get('color.png')!.equals(fs.readFileSync(path.join(appDir, 'color.png'))));
  });

  it('pack-app refuses to pack with unfilled placeholders and names them (CLI exit 1)', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir() };
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-pack-')), 'app.zip');
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/pack-app.mjs'), '--env', 'no-such-env', '--out', out], { env, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /no value for .*TEAMS_APP_ID/);
    assert.match(run.stderr, /BOT_ID/);
    assert.equal(fs.existsSync(out), false);
    const ok = spawnSync(process.execPath, [path.join(root, 'scripts/pack-app.mjs'), '--env', 'no-such-env', '--out', out], { env: { ...env, ...SAMPLE_ENV }, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(readZip(fs.readFileSync(out)).size, 4);
  });
});
