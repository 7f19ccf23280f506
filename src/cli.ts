#!/usr/bin/env node
import { commands } from './cli/registry';
import { runCli } from './cli/run-cli';

void runCli(process.argv.slice(2), commands, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}).then((code) => {
  // Commands that start a server resolve only when it has stopped; exiting here would cut stdout short otherwise.
  process.exitCode = code;
});
