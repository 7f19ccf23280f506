import type { Logger } from 'pino';
import type { Config } from '../config';
import type { StartedOtel } from './otel-start';

/**
 * Starts the telemetry COEXIST_TELEMETRY asks for: undefined for `off` (then not even the OpenTelemetry packages are
 * loaded), else OpenTelemetry over OTLP/HTTP (./otel-start). Export failures become one warning per signal and
 * minute. If the SDK cannot be started (bad OTEL_* values), logs the error and returns undefined: the bot runs on
 * without telemetry rather than not at all. Never rejects.
 */
export async function startConfiguredTelemetry(config: Pick<Config, 'telemetry'> & Partial<Pick<Config, 'otlpEndpoint'>> & { bot?: Pick<Config['bot'], 'password'> }, logger: Logger): Promise<StartedOtel | undefined> {
  if (config.telemetry === 'off') return undefined;
  // Only the origin: an endpoint URL may carry credentials.
  const endpoint = config.otlpEndpoint ? URL.canParse(config.otlpEndpoint) ? new URL(config.otlpEndpoint).origin : 'invalid' : 'http://localhost:4318 (default)';
  try {
    // Loaded here, not at the top: with telemetry off the OpenTelemetry SDK never enters the process. (A dynamic
    // import() would stay an ES module import under module node16 and bypass the CommonJS build.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startOtelTelemetry } = require('./otel-start') as typeof import('./otel-start');
    const password = config.bot?.password;
    const started = startOtelTelemetry({
      secrets: password ? [password] : [],
      onFailure: ({ signal, error }) => logger.warn({ signal, error }, 'telemetry: export failed (the next failure of this kind is logged after a minute at the earliest); turns are not affected'),
    });
    logger.info({ telemetry: config.telemetry, endpoint }, 'telemetry: OpenTelemetry traces and metrics over OTLP/HTTP');
    return started;
  } catch (error) {
    logger.error({ err: error }, 'telemetry: OpenTelemetry could not be started (check the OTEL_* variables); running without telemetry');
    return undefined;
  }
}
