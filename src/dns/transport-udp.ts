import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import packet from 'dns-packet';
import type { RRType } from './types';
import type { ServerAddress } from './server-address';
import { encodeQuery, normalizeName } from './wire';

/** What one UDP exchange produced. Never an exception. */
export type ExchangeOutcome =
  | { kind: 'message'; message: packet.DecodedPacket }
  | { kind: 'timeout' }
  | { kind: 'malformed'; detail: string }
  | { kind: 'network'; detail: string }
  | { kind: 'aborted' };

interface Pending {
  id: number;
  name: string;
  type: string;
  server: ServerAddress;
  finish: (outcome: ExchangeOutcome) => void;
}

interface PooledSocket {
  socket: dgram.Socket;
  pending: Map<number, Pending>;
  used: number;
  retired: boolean;
}

export interface UdpPoolOptions {
  /** Sockets kept open per address family (default 8). */
  socketsPerFamily?: number;
  /**
   * Queries sent from one socket before it is replaced (default 128), so the source port keeps changing
   * (RFC 5452 9.2) while sockets are still reused under load.
   */
  maxQueriesPerSocket?: number;
}

/**
 * A small pool of UDP sockets shared by all queries. Answers are demultiplexed by id, source address and port,
 * and question (RFC 5452 9.1): anything else is ignored and the query keeps waiting. Sockets are unref'd so an
 * idle pool never keeps the process alive.
 */
export class UdpPool {
  private readonly size: number;
  private readonly maxUses: number;
  private readonly slots: Record<4 | 6, Array<PooledSocket | undefined>> = { 4: [], 6: [] };
  private closed = false;

  constructor(options: UdpPoolOptions = {}) {
    this.size = Math.max(1, options.socketsPerFamily ?? 8);
    this.maxUses = Math.max(1, options.maxQueriesPerSocket ?? 128);
  }

  /** One UDP round trip; resolves with the matching answer, or timeout/malformed/network/aborted. Never rejects. */
  exchange(server: ServerAddress, name: string, type: RRType, recursionDesired: boolean, timeoutMs: number, signal?: AbortSignal): Promise<ExchangeOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'network', detail: 'resolver closed' });
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
    const pooled = this.pick(server.family);
    let id = randomBytes(2).readUInt16BE(0);
    while (pooled.pending.has(id)) id = (id + 1) & 0xffff;
    return new Promise<ExchangeOutcome>((resolve) => {
      let done = false;
      const finish = (outcome: ExchangeOutcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        pooled.pending.delete(id);
        this.maybeClose(pooled);
        resolve(outcome);
      };
      const onAbort = (): void => finish({ kind: 'aborted' });
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      pooled.pending.set(id, { id, name: normalizeName(name), type, server, finish });
      pooled.used++;
      if (pooled.used >= this.maxUses) pooled.retired = true;
      pooled.socket.send(encodeQuery(id, name, type, recursionDesired), server.port, server.host, (error) => {
        if (error) finish({ kind: 'network', detail: error.message });
      });
    });
  }

  /** Closes every socket; pending queries end as `network`. */
  close(): void {
    this.closed = true;
    for (const family of [4, 6] as const) {
      for (const pooled of this.slots[family]) {
        if (!pooled) continue;
        for (const p of [...pooled.pending.values()]) p.finish({ kind: 'network', detail: 'resolver closed' });
        try { pooled.socket.close(); } catch { /* already closed */ }
      }
      this.slots[family] = [];
    }
  }

  private pick(family: 4 | 6): PooledSocket {
    const slots = this.slots[family];
    const index = Math.floor(Math.random() * this.size);
    const current = slots[index];
    if (current && !current.retired) return current;
    const fresh = this.open(family);
    slots[index] = fresh;
    return fresh;
  }

  private open(family: 4 | 6): PooledSocket {
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    const pooled: PooledSocket = { socket, pending: new Map(), used: 0, retired: false };
    socket.on('message', (msg, rinfo) => this.onMessage(pooled, msg, rinfo));
    socket.on('error', (error) => {
      pooled.retired = true;
      for (const p of [...pooled.pending.values()]) p.finish({ kind: 'network', detail: error.message });
    });
    socket.unref();
    return pooled;
  }

  private onMessage(pooled: PooledSocket, msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (msg.length < 12) return;
    const pending = pooled.pending.get(msg.readUInt16BE(0));
    if (!pending || rinfo.address !== pending.server.host || rinfo.port !== pending.server.port) return;
    let message: packet.DecodedPacket;
    try {
      message = packet.decode(msg);
    } catch (error) {
      pending.finish({ kind: 'malformed', detail: (error as Error).message });
      return;
    }
    const q = message.questions?.[0];
    if (message.type !== 'response' || !q || normalizeName(q.name) !== pending.name || String(q.type) !== pending.type) return;
    pending.finish({ kind: 'message', message });
  }

  private maybeClose(pooled: PooledSocket): void {
    if (pooled.retired && pooled.pending.size === 0) {
      try { pooled.socket.close(); } catch { /* already closed */ }
    }
  }
}
