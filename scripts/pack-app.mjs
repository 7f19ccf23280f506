#!/usr/bin/env node
// Packs the Teams app: appPackage/build/app.zip with manifest.json, color.png, outline.png and de.json at the
// zip root, every ${{NAME}} placeholder filled from env/.env.<env> (+ .user) and the process environment.
//   node scripts/pack-app.mjs [--env local|dev|testtool] [--out appPackage/build/app.zip]
// A missing placeholder value is an error that names the variable: Teams would reject a half-filled manifest.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const APP_FILES = ['manifest.json', 'color.png', 'outline.png', 'de.json'];

/** Parses a dotenv file (KEY=VALUE, # comments, optional quotes). Pure. */
export function parseEnvFile(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/** Replaces ${{NAME}} (Teams Toolkit syntax) from `env`. Pure. Returns the text and the names it could not fill. */
export function fillPlaceholders(text, env) {
  const missing = new Set();
  const filled = text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name) => {
    if (env[name] === undefined) {
      missing.add(name);
      return whole;
    }
    return env[name];
  });
  return { text: filled, missing: [...missing] };
}

/** Builds a zip archive (PKWARE APPNOTE 6.3: local headers, deflated data, central directory). Pure. */
export function buildZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  // 1980-01-01 00:00 in MS-DOS format: a fixed time keeps the archive reproducible.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = zlib.deflateRawSync(data, { level: 9 });
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // bit 11: names are UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The variables for one Teams Toolkit environment: env/.env.<name>, then .user, then the process environment. */
export function environmentFor(name, processEnv = process.env) {
  const env = {};
  for (const file of [`env/.env.${name}`, `env/.env.${name}.user`]) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) Object.assign(env, parseEnvFile(fs.readFileSync(full, 'utf8')));
  }
  return { ...env, ...Object.fromEntries(Object.entries(processEnv).filter(([, v]) => v !== undefined)) };
}

/** Reads appPackage/, fills placeholders and writes the zip. Returns { ok, out } or { ok: false, missing }. */
export function packApp({ env, out = path.join(root, 'appPackage/build/app.zip'), appDir = path.join(root, 'appPackage') }) {
  const entries = [];
  const missing = new Set();
  for (const name of APP_FILES) {
    let data = fs.readFileSync(path.join(appDir, name));
    if (name.endsWith('.json')) {
      const filled = fillPlaceholders(data.toString('utf8'), env);
      filled.missing.forEach((m) => missing.add(m));
      data = Buffer.from(filled.text, 'utf8');
    }
    entries.push({ name, data });
  }
  if (missing.size > 0) return { ok: false, missing: [...missing] };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, buildZip(entries));
  return { ok: true, out };
}

function main(argv) {
  let envName = 'local';
  let out;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--env') envName = argv[++i];
    else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else {
      console.error(`pack-app: unknown option ${argv[i]}. Usage: node scripts/pack-app.mjs [--env local|dev|testtool] [--out file.zip]`);
      return 2;
    }
  }
  const result = packApp({ env: environmentFor(envName), ...(out ? { out } : {}) });
  if (!result.ok) {
    console.error(`pack-app: no value for ${result.missing.join(', ')}. Set them in env/.env.${envName} (Teams Toolkit provision writes TEAMS_APP_ID and BOT_ID) or in the environment.`);
    return 1;
  }
  console.log(`pack-app: wrote ${path.relative(process.cwd(), result.out)}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
