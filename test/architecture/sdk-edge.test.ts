import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', 'src');
/** An import or export-from of the Bot Framework SDK (botbuilder, botbuilder-*, botframework-*, @microsoft/teams-ai). */
const SDK_IMPORT = /\b(?:import|export)\b[^;]*?\bfrom\s*['"](?:botbuilder(?:-[\w-]+)?|botframework-[\w-]+|@microsoft\/teams-ai)(?:\/[^'"]*)?['"]/;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file);

// DESIGN.md: src/bot/ is the SDK's edge (swapping the SDK touches only it and src/server.ts), src/app/ the core
// below it. eslint.config.mjs keeps the SDK out of src/app/; this keeps src/bot/ from collecting SDK-free code.
describe('architecture: the Bot Framework SDK stays at the edge', () => {
  it('every file in src/bot/ imports botbuilder or @microsoft/teams-ai', () => {
    const files = tsFiles(path.join(ROOT, 'bot'));
    assert.ok(files.length > 5, 'src/bot/ has its files');
    const withoutSdk = files.filter((f) => !SDK_IMPORT.test(fs.readFileSync(f, 'utf8'))).map(rel);
    assert.deepEqual(withoutSdk, [], 'SDK-free code belongs in src/app/ (or where its concept lives)');
  });

  it('no file in src/app/ imports the SDK', () => {
    const files = tsFiles(path.join(ROOT, 'app'));
    assert.ok(files.length > 3, 'src/app/ has its files');
    assert.deepEqual(files.filter((f) => SDK_IMPORT.test(fs.readFileSync(f, 'utf8'))).map(rel), []);
  });

  it('the pattern recognises an SDK import (and not a look-alike)', () => {
    assert.ok(SDK_IMPORT.test("import { CardFactory, type TurnContext } from 'botbuilder';"));
    assert.ok(SDK_IMPORT.test("import type { Application,\n  TurnState } from '@microsoft/teams-ai';"));
    assert.ok(!SDK_IMPORT.test("import { transition } from '../procedure/transition';"));
    assert.ok(!SDK_IMPORT.test("// see botbuilder's TestAdapter"));
  });
});
