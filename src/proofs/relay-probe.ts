/**
 * Step 6 from outside: is the accepted domain Internal Relay? Exchange Online's Directory-Based Edge Blocking
 * rejects unknown recipients of an Authoritative domain at RCPT time with `550 5.4.1 … Access denied`; an Internal
 * Relay domain accepts them (it would relay them to the provider). One SMTP dialogue: EHLO, `MAIL FROM:<>`,
 * `RCPT TO:<random@domain>`, QUIT. DATA is never sent, so nothing is ever delivered or relayed.
 *
 * Sources: Microsoft Learn "Use Directory-Based Edge Blocking to reject messages sent to invalid recipients"
 * (exchange/mail-flow-best-practices/use-directory-based-edge-blocking) and RFC 5321 3.3, 4.2, 4.5.3.2.
 */
import { randomBytes } from 'node:crypto';
import { replyText, scanReply, type SmtpReply } from './smtp-reply';

export type RelayDomainType = 'authoritative' | 'internal-relay' | 'unknown';

/** Where the dialogue stopped. */
export type RelayStage = 'connect' | 'greeting' | 'ehlo' | 'mail' | 'rcpt';

/** Why the answer is `unknown`; never guessed from anything but the RCPT reply. */
export type RelayUnknownReason =
  | 'connect-failed' | 'timeout' | 'closed' | 'malformed-reply'
  | 'rejected' // a 4xx/5xx at greeting, EHLO or MAIL
  | 'rcpt-temporary' // 4xx at RCPT: greylisting, throttling
  | 'rcpt-other'; // a reply at RCPT that is neither 250/251 nor 550 5.4.1

export type RelayProbeResult =
  | { domainType: 'authoritative' | 'internal-relay'; stage: 'rcpt'; reply: SmtpReply; recipient: string }
  | { domainType: 'unknown'; reason: RelayUnknownReason; stage: RelayStage; reply?: SmtpReply; detail?: string; recipient: string };

/** The byte stream to the mail server; `node:net`'s Socket satisfies it. */
export interface SmtpConnection {
  write(data: string): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): void;
  localAddress?: string | undefined;
}

export interface RelayProbeOptions {
  domain: string;
  host: string;
  port: number;
  /** Bounds the whole dialogue, connect included. */
  timeoutMs: number;
  /** Opens the connection (src/proofs/smtp-connection.ts in production; tests may pass their own). */
  connect: (host: string, port: number) => SmtpConnection;
  /** The recipient's local part; a fresh random one by default. */
  localPart?: string;
}

/** A local part no mailbox has: `coexist-probe-` and 16 random base-32 characters. */
export function randomProbeLocalPart(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `coexist-probe-${[...randomBytes(16)].map((b) => alphabet[b % 32]).join('')}`;
}

/**
 * The verdict of one RCPT reply. Pure. 250/251 (RFC 5321 4.2.2) accept the unknown recipient: Internal Relay.
 * Only 550 with enhanced code 5.4.1 is DBEB's rejection; any other refusal says nothing about the domain type.
 */
export function classifyRcptReply(reply: SmtpReply): { domainType: 'authoritative' | 'internal-relay' } | { domainType: 'unknown'; reason: 'rcpt-temporary' | 'rcpt-other' } {
  if (reply.code === 250 || reply.code === 251) return { domainType: 'internal-relay' };
  if (reply.code === 550 && reply.enhanced === '5.4.1') return { domainType: 'authoritative' };
  return { domainType: 'unknown', reason: reply.code >= 400 && reply.code < 500 ? 'rcpt-temporary' : 'rcpt-other' };
}

/** EHLO's argument: the address literal of our end of the connection (RFC 5321 4.1.3), always truthful. */
function ehloName(local: string | undefined): string {
  if (!local) return '[127.0.0.1]';
  const v4 = local.replace(/^::ffff:/, '');
  return /^\d+\.\d+\.\d+\.\d+$/.test(v4) ? `[${v4}]` : `[IPv6:${local}]`;
}

/** Runs the dialogue. Never throws and never rejects; every failure is an `unknown` result with its reason. */
export function probeRelay(options: RelayProbeOptions): Promise<RelayProbeResult> {
  const recipient = `${options.localPart ?? randomProbeLocalPart()}@${options.domain}`;
  const open = options.connect;
  return new Promise((resolve) => {
    let stage: RelayStage = 'connect';
    let buffer = '';
    let settled = false;
    let waiting: ((reply: SmtpReply) => void) | undefined;
    let socket: SmtpConnection;

    const finish = (result: RelayProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
      // QUIT politely after a verdict (RFC 5321 4.1.1.10); the server's 221 is not waited for.
      try { if (stage !== 'connect' && stage !== 'greeting') socket.write('QUIT\r\n'); } catch { /* already closed */ }
      setTimeout(() => socket.destroy(), 50).unref();
    };
    const unknown = (reason: RelayUnknownReason, extra: { reply?: SmtpReply; detail?: string } = {}): void =>
      finish({ domainType: 'unknown', reason, stage, recipient, ...extra });
    const timer = setTimeout(() => unknown('timeout', { detail: `no answer within ${options.timeoutMs} ms` }), options.timeoutMs);

    const next = (command: string | undefined, nextStage: RelayStage, onReply: (reply: SmtpReply) => void): void => {
      stage = nextStage;
      waiting = onReply;
      if (command !== undefined) socket.write(`${command}\r\n`);
      drain();
    };
    const drain = (): void => {
      while (waiting && !settled) {
        const scan = scanReply(buffer);
        if (scan.kind === 'incomplete') return;
        if (scan.kind === 'malformed') { unknown('malformed-reply', { detail: scan.line }); return; }
        buffer = scan.rest;
        const handler = waiting;
        waiting = undefined;
        handler(scan.reply);
      }
    };
    const expect = (code: number, then: () => void) => (reply: SmtpReply): void => {
      if (reply.code === code) then();
      else unknown('rejected', { reply });
    };

    try {
      socket = open(options.host, options.port);
    } catch (error) {
      unknown('connect-failed', { detail: error instanceof Error ? error.message : String(error) });
      return;
    }
    socket.on('error', (error) => unknown(stage === 'connect' ? 'connect-failed' : 'closed', { detail: error.message }));
    socket.on('close', () => unknown(stage === 'connect' ? 'connect-failed' : 'closed', { detail: 'the server closed the connection' }));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      drain();
    });
    socket.on('connect', () => {
      next(undefined, 'greeting', expect(220, () =>
        next(`EHLO ${ehloName(socket.localAddress)}`, 'ehlo', expect(250, () =>
          next('MAIL FROM:<>', 'mail', expect(250, () =>
            next(`RCPT TO:<${recipient}>`, 'rcpt', (reply) => {
              const verdict = classifyRcptReply(reply);
              if (verdict.domainType === 'unknown') unknown(verdict.reason, { reply });
              else finish({ domainType: verdict.domainType, stage: 'rcpt', reply, recipient });
            })))))));
    });
  });
}

/** The RCPT reply (or the reply that stopped the dialogue) as one line, or '' when there was none. Pure. */
export function relayReplyText(result: RelayProbeResult): string {
  return result.reply ? replyText(result.reply) : '';
}
