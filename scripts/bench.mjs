#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts except helpers and bench/support/ (or the ones named: `npm run bench -- dns-check spf-eval`) one after the
// other with tsx, so they do not compete for the 2 cores; each prints its own baseline and ratio.
// Exit code: the first non-zero exit code of a benchmark, else 0.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
// A bench file that another bench file imports (e.g. dns-server-process.ts) is a helper, not a benchmark.
const sources = files.map((f) => fs.readFileSync(path.join(root, 'bench', f), 'utf8'));
const isHelper = (f) => sources.some((src) => src.includes(`from './${f.replace(/\.ts$/, '')}'`));
const all = files.filter((f) => !isHelper(f));
const wanted = process.argv.slice(2).map((name) => name.replace(/^bench\//, '').replace(/\.ts$/, ''));
const unknown = wanted.filter((name) => !all.includes(`${name}.ts`));
if (unknown.length > 0) {
  console.error(`bench: no bench/${unknown.join('.ts, bench/')}.ts. Available: ${all.map((f) => f.replace(/\.ts$/, '')).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted.map((n) => `${n}.ts`) : all;
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
let exitCode = 0;
for (const file of selected) {
  console.log(`\n=== bench/${file}`);
  const run = spawnSync(process.execPath, [tsx, path.join('bench', file)], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0 && exitCode === 0) exitCode = run.status ?? 1;
}
process.exit(exitCode);
