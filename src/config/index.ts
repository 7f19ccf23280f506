import { loadConfig, type Config } from './config';

export * from './config';

/**
 * The one place that reads `process.env`: validates it once and returns the frozen Config.
 * Throws ConfigError (message lists every problem and its fix).
 */
export function loadConfigFromProcess(): Config {
  return loadConfig(process.env, process.cwd());
}
