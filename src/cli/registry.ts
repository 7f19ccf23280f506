/* eslint-disable @typescript-eslint/no-require-imports -- a synchronous require inside `load` defers the module
   until its command runs, and resolves the same under tsc's CommonJS output and under tsx (tests). */
import type { LazyCliCommand } from './command';

/**
 * Every sub-command of `coexist`, in the order `--help` lists them. Each module is imported only when its command
 * runs (a `coexist check` loads neither botbuilder nor the helpdesk); test/cli/registry.test.ts checks that each
 * name and summary here is the loaded command's.
 */
export const commands: readonly LazyCliCommand[] = [
  { name: 'check', summary: 'check the DNS steps of a domain (verification TXT, MX, autodiscover, SPF)',
    load: async () => (require('./check') as typeof import('./check.js')).checkCommand },
  { name: 'serve', summary: 'start the Teams bot (HTTP server for /api/messages)',
    load: async () => (require('./serve') as typeof import('./serve.js')).serveCommand },
  { name: 'ask', summary: 'diagnose a helpdesk question or pasted bounce message (de/en) with live DNS checks',
    load: async () => (require('./ask') as typeof import('./ask.js')).askCommand },
  { name: 'spf', summary: 'evaluate SPF for a message, suggest the merged record, or show the include tree',
    load: async () => (require('./spf') as typeof import('./spf.js')).spfCommand },
  { name: 'relay-probe', summary: 'ask the tenant\'s MX over SMTP whether the domain is Internal Relay (step 6; never sends mail)',
    load: async () => (require('./relay-probe') as typeof import('./relay-probe.js')).relayProbeCommand },
  { name: 'prove', summary: 'read steps 1, 4 and 6 from the Microsoft 365 tenant (read-only app access)',
    load: async () => (require('./prove') as typeof import('./prove.js')).proveCommand },
];
