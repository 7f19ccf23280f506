import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { makeStringScrubber, scrubForLog } from './scrub';

export type { Logger } from 'pino';

/** Levels accepted from configuration (`COEXIST_LOG_LEVEL`); `silent` turns logging off. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface LoggerOptions {
  /** From config; default `info`. */
  readonly level?: LogLevel;
  /** Literal secret values to blank out anywhere in a log line (BOT_PASSWORD, store passwords). */
  readonly secrets?: readonly string[];
  /**
   * Log message texts and card data. Honoured only at `debug`/`trace`: at `info` and above bodies are always
   * hidden, whatever this says.
   */
  readonly logBodies?: boolean;
  /** Where JSON lines go; default stdout. Tests pass a stream that collects lines. */
  readonly destination?: DestinationStream;
  /** Fields on every line, e.g. `{ service: 'coexist', version }`. Scrubbed like everything else. */
  readonly base?: Readonly<Record<string, unknown>>;
  /**
   * Fields added to every line at the time it is written. Must not throw. Scrubbed like everything else.
   * (Request and turn ids are not a mixin: they travel with the activity, src/http/request-context.ts.)
   */
  readonly mixin?: () => Record<string, unknown>;
}

/**
 * Creates the process logger: pino, one JSON object per line, ISO timestamps. Every line passes through
 * {@link scrubForLog}: authorization headers, tokens, passwords and the given literal secrets never appear, and
 * message bodies (activity `text`, card `value`, attachments, request bodies) only at debug with `logBodies`.
 * Throws only on an unknown level (config validation should have caught it).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!(logLevels as readonly string[]).includes(level)) throw new RangeError(`unknown log level "${level}"; use one of ${logLevels.join(', ')}`);
  const keepBodies = options.logBodies === true && (level === 'debug' || level === 'trace');
  const scrubOptions = { secrets: options.secrets ?? [], keepBodies };
  const scrubString = makeStringScrubber(options.secrets ?? []);
  const pinoOptions: pino.LoggerOptions = {
    level,
    base: options.base ? (scrubForLog(options.base, scrubOptions) as Record<string, unknown>) : { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(options.mixin ? { mixin: options.mixin } : {}),
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => scrubForLog(bindings, scrubOptions) as Record<string, unknown>,
      log: (object) => scrubForLog(object, scrubOptions) as Record<string, unknown>,
    },
    // Serializers run after `formatters.log`; keep errors as the scrubbed plain objects made there.
    serializers: { err: (e: unknown) => scrubForLog(e, scrubOptions) },
    hooks: {
      // The message string and printf-style arguments are scrubbed too (`log.info('got %s / %j', header, activity)`),
      // and an Error logged on its own would otherwise lend its raw message to `msg`.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const head: unknown[] = first instanceof Error
          ? [{ err: first }, ...(rest.length > 0 ? [] : [scrubString(first.message)])]
          : [typeof first === 'string' ? scrubString(first) : first];
        const tail = rest.map((a) => (typeof a === 'string' ? scrubString(a) : scrubForLog(a, scrubOptions)));
        method.apply(this, [...head, ...tail] as Parameters<typeof method>);
      },
    },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/** What identifies one turn in the logs. No text, no user names: ids only. */
export interface TurnLogFields {
  readonly turnId?: string;
  readonly requestId?: string;
  readonly activityId?: string;
  readonly activityType?: string;
  readonly channelId?: string;
  readonly conversationId?: string;
  readonly tenantId?: string;
}

/** A new turn id (random UUID). */
export function newTurnId(): string {
  return randomUUID();
}

/**
 * Accepts a caller's request id (`x-request-id`, `x-ms-client-request-id`) when it is a short token of safe
 * characters, so log lines can be joined with the proxy's; otherwise makes a new one. Pure apart from randomness.
 */
export function requestIdFrom(headerValue: string | readonly string[] | undefined): string {
  const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** A child logger whose every line carries the turn's ids; adds a fresh `turnId` when none is given. */
export function turnLogger(logger: Logger, fields: TurnLogFields): Logger {
  const bindings: Record<string, string> = { turnId: fields.turnId ?? newTurnId() };
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.length > 0) bindings[key] = value.slice(0, 256);
  }
  return logger.child(bindings);
}
