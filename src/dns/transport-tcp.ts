import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { RRType } from './types';
import type { ServerAddress } from './server-address';
import { decodeResponse, encodeQuery, normalizeName, type DecodedResponse } from './wire';
import type { ExchangeOutcome } from './transport-udp';

/**
 * One query over a fresh TCP connection (RFC 7766), used after a truncated UDP answer. The answer must carry our id
 * and question. Never rejects.
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
        if (raw.length < 12 || raw.readUInt16BE(0) !== id) continue;
        let message: DecodedResponse;
        try {
          message = decodeResponse(raw);
        } catch (error) {
          finish({ kind: 'malformed', detail: (error as Error).message });
          return;
        }
        const q = message.question;
        if (!message.response || !q || q.name !== normalizeName(name) || q.type !== type || q.class !== 'IN') continue;
        finish({ kind: 'message', message });
        return;
      }
    });
    socket.on('error', (error) => finish({ kind: 'network', detail: error.message }));
    socket.on('close', () => finish({ kind: 'network', detail: 'TCP connection closed before an answer' }));
  });
}
