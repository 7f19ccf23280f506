import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { RRType } from './types';
import type { ServerAddress } from './server-address';
import { decodeResponse, encodeQuery, normalizeName, type DecodedResponse } from './wire';
import type { ExchangeOutcome } from './transport-udp';

/**
 * One query over a fresh TCP connection (RFC 7766), used after a truncated UDP answer. The answer must carry our id
 * and question, and be whole: TC set over TCP, or a connection that closes before the length prefix's bytes arrived,
 * is `truncated`; a message of the announced length that does not decode exactly is `malformed` (RFC 7766 8). Never
 * rejects.
 */
export function exchangeTcp(server: ServerAddress, name: string, type: RRType, recursionDesired: boolean, timeoutMs: number, signal?: AbortSignal): Promise<ExchangeOutcome> {
  if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
  const id = randomBytes(2).readUInt16BE(0);
  const query = encodeQuery(id, name, type, recursionDesired);
  return new Promise<ExchangeOutcome>((resolve) => {
    let done = false;
    let buffered = Buffer.alloc(0);
    const socket = net.connect({ host: server.host, port: server.port });
    const finish = (outcome: ExchangeOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) return;
        const raw = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        if (raw.length < 12) {
          finish({ kind: 'malformed', detail: `a ${raw.length}-byte TCP message is shorter than a DNS header` });
          return;
        }
        if (raw.readUInt16BE(0) !== id) continue;
        let message: DecodedResponse;
        try {
          message = decodeResponse(raw);
        } catch (error) {
          finish({ kind: 'malformed', detail: (error as Error).message });
          return;
        }
        const q = message.question;
        if (!message.response || !q || q.name !== normalizeName(name) || q.type !== type || q.class !== 'IN') continue;
        if (message.truncated) {
          finish({ kind: 'truncated', detail: 'TC bit set on a TCP answer' });
          return;
        }
        finish({ kind: 'message', message });
        return;
      }
    });
    // Bytes of an unfinished message when the stream ends mean the answer was cut, whatever ended the stream.
    const ended = (detail: string): void => {
      if (buffered.length === 0) {
        finish({ kind: 'network', detail });
        return;
      }
      const announced = buffered.length >= 2 ? ` (length prefix ${buffered.readUInt16BE(0)})` : '';
      finish({ kind: 'truncated', detail: `the connection ended after ${buffered.length} of ${buffered.length >= 2 ? 2 + buffered.readUInt16BE(0) : 2} bytes${announced}` });
    };
    socket.on('error', (error) => ended(error.message));
    socket.on('close', () => ended('TCP connection closed before an answer'));
  });
}
