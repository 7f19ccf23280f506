/**
 * The one HTTPS client of the tenant proofs (token endpoint, Microsoft Graph, Exchange Online Admin API): JSON in,
 * JSON out, TLS always verified. A private CA (tests, a TLS-inspecting company proxy) is added through
 * configuration, never by turning verification off. Never throws: transport failures are data.
 */
import { request } from 'node:https';

export interface HttpJsonRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as is; the caller sets Content-Type. */
  body?: string;
  signal?: AbortSignal;
}

export type HttpJsonResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown; text: string }
  | { kind: 'error'; reason: 'timeout' | 'network' | 'not-https' | 'too-large'; detail: string };

export type HttpJson = (req: HttpJsonRequest) => Promise<HttpJsonResult>;

export interface HttpJsonOptions {
  /** PEM text of extra trusted CA certificates, added to Node's bundled roots. */
  ca?: string;
  timeoutMs: number;
  /** Largest response body read (bytes). Graph pages are far below this. */
  maxBytes?: number;
}

/** Creates the client. Only `https:` URLs are requested. */
export function createHttpJson(options: HttpJsonOptions): HttpJson {
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  return (req) => new Promise((resolve) => {
    let url: URL;
    try { url = new URL(req.url); } catch { resolve({ kind: 'error', reason: 'not-https', detail: 'not a URL' }); return; }
    if (url.protocol !== 'https:') { resolve({ kind: 'error', reason: 'not-https', detail: `${url.protocol} is not https:` }); return; }
    let settled = false;
    const finish = (result: HttpJsonResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = request(url, {
      method: req.method,
      headers: { Accept: 'application/json', ...req.headers, ...(req.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(req.body)) } : {}) },
      ...(options.ca ? { ca: options.ca } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) { outgoing.destroy(); finish({ kind: 'error', reason: 'too-large', detail: `more than ${maxBytes} bytes` }); return; }
        chunks.push(chunk);
      });
      response.on('error', (error) => finish({ kind: 'error', reason: 'network', detail: error.message }));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = undefined;
        try { body = text === '' ? undefined : JSON.parse(text); } catch { body = undefined; }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        finish({ kind: 'response', status: response.statusCode ?? 0, headers, body, text });
      });
    });
    const timer = setTimeout(() => { outgoing.destroy(); finish({ kind: 'error', reason: 'timeout', detail: `no answer within ${options.timeoutMs} ms` }); }, options.timeoutMs);
    outgoing.on('error', (error) => finish({ kind: 'error', reason: 'network', detail: error.message }));
    if (req.body !== undefined) outgoing.write(req.body);
    outgoing.end();
  });
}
