/** A DNS server to send queries to. */
export interface ServerAddress {
  host: string;
  port: number;
  family: 4 | 6;
  /** `host:port`, IPv6 in brackets; used in reports and `AnswerSource.server`. */
  label: string;
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * Parses `HOST:PORT`, `HOST`, `[V6]:PORT` or a bare IPv6 address (port 53 when absent). Only IP literals are
 * accepted: a stub resolver cannot resolve the name of its own server. Pure; returns a message on bad input.
 */
export function parseServerAddress(text: string, defaultPort = 53): ServerAddress | { error: string } {
  const input = text.trim();
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(input);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if ((input.match(/:/g) ?? []).length > 1) {
    host = input;
  } else {
    const [h, p] = input.split(':');
    host = h ?? '';
    portText = p;
    if (input.includes(':') && !p) return { error: `"${text}" has an empty port` };
  }
  const family = IPV4.test(host) ? 4 : /^[0-9a-fA-F:.]+$/.test(host) && host.includes(':') ? 6 : 0;
  if (family === 0) return { error: `"${text}" is not an IP address with an optional port (e.g. 127.0.0.1:5353)` };
  const port = portText === undefined ? defaultPort : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || (portText !== undefined && !/^\d+$/.test(portText))) {
    return { error: `"${text}" has an invalid port (1-65535)` };
  }
  return { host, port, family, label: family === 6 ? `[${host}]:${port}` : `${host}:${port}` };
}
