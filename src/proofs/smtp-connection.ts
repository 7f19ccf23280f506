import { connect } from 'node:net';
import type { SmtpConnection } from './relay-probe';

/** A plain TCP connection to a mail server (RFC 5321 port 25, no TLS): the only socket I/O in src/proofs. */
export function connectSmtp(host: string, port: number): SmtpConnection {
  return connect({ host, port });
}
