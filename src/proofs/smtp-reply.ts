/**
 * SMTP replies as data (RFC 5321 4.2): a three-digit code, the text lines, and the enhanced status code when the
 * server sends one (RFC 3463, advertised by ENHANCEDSTATUSCODES per RFC 2034). Pure.
 */
export interface SmtpReply {
  code: number;
  /** The enhanced status code of the last line, e.g. `5.4.1`, when the line starts with one. */
  enhanced?: string;
  /** Every line as the server sent it, without CRLF. */
  lines: string[];
}

export type ReplyScan =
  | { kind: 'reply'; reply: SmtpReply; rest: string }
  | { kind: 'incomplete' }
  | { kind: 'malformed'; line: string };

/** Longest reply line we accept (RFC 5321 4.5.3.1.5 allows 512 octets with CRLF; servers send a little more). */
const MAX_LINE = 2048;
/** More lines than any real multi-line reply has (EHLO lists a few dozen extensions at most). */
const MAX_LINES = 100;

/**
 * Reads one complete reply from the start of `buffer`: lines `ddd-text` continue it, the first `ddd text` (or a
 * bare `ddd`) ends it (RFC 5321 4.2.1). Every line must carry the same code. Pure; never throws.
 */
export function scanReply(buffer: string): ReplyScan {
  const lines: string[] = [];
  let offset = 0;
  for (;;) {
    const end = buffer.indexOf('\n', offset);
    if (end < 0) {
      return buffer.length - offset > MAX_LINE ? { kind: 'malformed', line: buffer.slice(offset, offset + 80) } : { kind: 'incomplete' };
    }
    const line = buffer.slice(offset, end).replace(/\r$/, '');
    offset = end + 1;
    const match = /^([2-5]\d\d)([ -]|$)/.exec(line);
    if (!match || line.length > MAX_LINE || (lines.length > 0 && !lines[0]!.startsWith(match[1]!))) {
      return { kind: 'malformed', line: line.slice(0, 80) };
    }
    lines.push(line);
    if (match[2] !== '-') {
      const enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/.exec(line)?.[1];
      const reply: SmtpReply = { code: Number(match[1]), lines, ...(enhanced ? { enhanced } : {}) };
      return { kind: 'reply', reply, rest: buffer.slice(offset) };
    }
    if (lines.length >= MAX_LINES) return { kind: 'malformed', line: line.slice(0, 80) };
  }
}

/** The reply as one line for people and JSON: its lines joined by " / ". Pure. */
export function replyText(reply: SmtpReply): string {
  return reply.lines.join(' / ');
}
