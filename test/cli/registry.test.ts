import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { commands } from '../../src/cli/registry';

describe('cli/registry: lazily loaded sub-commands', () => {
  it('lists each command with the name and summary of the module it loads', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      assert.equal(command.name, entry.name);
      assert.equal(command.summary, entry.summary, entry.name);
    }
  });

  it('`coexist check` loads no botbuilder, teams-ai, helpdesk or tenant proofs', () => {
    const root = path.join(__dirname, '../..');
    const script = `
      const { commands } = require('./src/cli/registry');
      commands.find((c) => c.name === 'check').load().then(() => {
        const loaded = Object.keys(require.cache);
        console.log(JSON.stringify(loaded.filter((f) => /node_modules[\\/](botbuilder|@microsoft[\\/]teams-ai|@azure[\\/]msal-node)[\\/]|src[\\/](helpdesk|proofs|bot)[\\/]/.test(f))));
      });`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), []);
  });
});
