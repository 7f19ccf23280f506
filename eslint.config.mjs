// Architecture rules from DESIGN.md: the Bot Framework SDK is reachable only from src/bot/ and the server
// wiring, socket-level DNS I/O only from src/dns/, the application core (src/app/) below the bot, and the
// procedure engine stays free of I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const botSdk = [
  { group: ['botbuilder', 'botbuilder-*', 'botbuilder/*', 'botframework-*', '@microsoft/teams-ai', '@microsoft/teams-ai/*'],
    message: 'The Bot Framework SDK may only be imported in src/bot/ and src/server.ts (DESIGN.md: swap the SDK by touching those only).' },
];
const socketIo = [
  { group: ['dgram', 'node:dgram', 'net', 'node:net'],
    message: 'Socket I/O for DNS lives in src/dns/ only; take a Resolver function instead.' },
];
const anyIo = [
  { group: ['fs', 'node:fs', 'fs/*', 'node:fs/*', 'http', 'node:http', 'https', 'node:https', 'child_process', 'node:child_process',
      '**/store/*', '**/store', '**/dns/udp*', '**/dns/tcp*', '**/dns/transport*', '**/bot/*', '**/server', 'better-sqlite3', 'ioredis'],
    message: 'This module is pure: it takes its I/O as injected functions.' },
];

export default tseslint.config(
  { ignores: ['dist/**', '.bench-dist/**', 'node_modules/**', 'devTools/**', 'appPackage/build/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly',
        AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', performance: 'readonly',
        queueMicrotask: 'readonly', structuredClone: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable',
        WebSocket: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/bot/**', 'src/server.ts', 'src/dns/**', 'src/proofs/smtp-connection.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...botSdk, ...socketIo] }] },
  },
  {
    files: ['src/dns/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: botSdk }] },
  },
  {
    files: ['src/bot/**/*.ts', 'src/server.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: socketIo }] },
  },
  {
    // The application core: one turn or job through runEvent; no SDK and no bot code (bot → app, never back).
    files: ['src/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...botSdk, ...socketIo,
      { group: ['**/bot/*', '**/bot', '**/server'], message: 'src/app/ is below the bot: src/bot/ calls it, never the other way round.' }] }] },
  },
  {
    files: ['src/procedure/**/*.ts', 'src/spf/parse*.ts', 'src/helpdesk/match*.ts', 'src/i18n/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...botSdk, ...socketIo, ...anyIo] }] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'module' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
