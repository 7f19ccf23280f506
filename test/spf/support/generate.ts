/**
 * Generated SPF scenarios for the differential test against mailauth and the throughput benchmark: records built
 * from a term vocabulary (with occasional syntax errors, loops, timeouts and oversized MX sets), the zone data
 * they need, and one check (client address, sender) per scenario. Deterministic for a given seed.
 */
import type { NameData, ZoneData } from '../../support/dns-server';
import { mulberry32 } from '../../support/random';

export interface Scenario {
  id: number;
  ip: string;
  mailFrom: string;
  helo: string;
}

export interface Generated {
  zone: ZoneData;
  /** Names whose every query times out. */
  timeouts: string[];
  /** Names whose every query gets SERVFAIL. */
  servfails: string[];
  scenarios: Scenario[];
}

const V4 = ['192.0.2.1', '192.0.2.7', '192.0.2.130', '198.51.100.5', '203.0.113.9'];
const V6 = ['2001:db8::1', '2001:db8::7', '2001:db8:1::5', '2001:db8:ffff::9'];

export function generate(count: number, seed = 7208): Generated {
  const r = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const chance = (p: number): boolean => r() < p;
  const zone: ZoneData = {};
  const timeouts: string[] = [];
  const servfails: string[] = [];
  const scenarios: Scenario[] = [];
  const set = (name: string, data: NameData): void => { zone[name] = { ...(zone[name] ?? {}), ...data }; };

  for (let id = 0; id < count; id++) {
    const d = `d${id}.test`;
    const hosts = [`h1.${d}`, `h2.${d}`, `h3.${d}`];
    for (const h of hosts) {
      const data: NameData = {};
      if (chance(0.75)) data.A = Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(V4));
      if (chance(0.5)) data.AAAA = [pick(V6)];
      if (data.A || data.AAAA || chance(0.5)) set(h, data);
    }
    const mxHosts = chance(0.03) ? Array.from({ length: 11 }, (_, i) => `h${1 + (i % 3)}.${d}`) : hosts.slice(0, 1 + Math.floor(r() * 3));
    const domains = [d, `i1.${d}`, `i2.${d}`, `i3.${d}`];
    const record = (level: number): string => {
      const terms: string[] = [];
      const n = Math.floor(r() * 5);
      for (let t = 0; t < n; t++) {
        const q = chance(0.7) ? '' : pick(['+', '-', '~', '?']);
        const kind = r();
        if (kind < 0.2) terms.push(`${q}ip4:${pick(V4)}${chance(0.3) ? `/${pick([8, 16, 24, 25, 32])}` : ''}`);
        else if (kind < 0.3) terms.push(`${q}ip6:${pick(V6)}${chance(0.3) ? `/${pick([32, 48, 64, 128])}` : ''}`);
        else if (kind < 0.45) terms.push(`${q}a${chance(0.5) ? `:${pick(hosts)}` : ''}${chance(0.2) ? pick(['/24', '//64', '/24//48']) : ''}`);
        else if (kind < 0.57) terms.push(`${q}mx${chance(0.3) ? `:${d}` : ''}${chance(0.15) ? '/24' : ''}`);
        else if (kind < 0.75 && level < 3) terms.push(`${q}include:${domains[level + 1 + Math.floor(r() * (3 - level))]}`);
        else if (kind < 0.82) terms.push(`${q}exists:${chance(0.5) ? `%{i}.ex.${d}` : `%{l}.u.${d}`}`);
        else if (kind < 0.84) terms.push(`${q}ptr${chance(0.5) ? `:${d}` : ''}`);
        else if (kind < 0.86 && level > 0) terms.push(`${q}include:${d}`);
        else terms.push(`${q}ip4:${pick(V4)}/${pick([16, 24])}`);
      }
      if (chance(0.05)) {
        terms.splice(Math.floor(r() * (terms.length + 1)), 0, pick(['ipv4:192.0.2.1', 'a/33', 'ip4:192.0.2.1/40', 'foo:bar', 'exists:%{q}.x.test', 'ip6:2001:db8::g']));
      }
      const end = r();
      if (end < 0.55) terms.push(pick(['-all', '~all', '?all', '+all', 'all']));
      else if (end < 0.7 && level < 3) terms.push(`redirect=${domains[level + 1]}`);
      if (chance(0.08)) terms.push(`exp=why.${d}`);
      return ['v=spf1', ...terms].join(' ');
    };
    for (let level = 0; level < domains.length; level++) {
      const name = domains[level]!;
      const roll = r();
      if (level === 0 && roll < 0.03) continue; // no record at all
      const txt: Array<string | string[]> = [];
      if (chance(0.3)) txt.push(`unrelated-${id}=${level}`);
      const rec = record(level);
      txt.push(rec.length > 60 && chance(0.3) ? [rec.slice(0, 40), rec.slice(40)] : rec);
      if (chance(0.02)) txt.push('v=spf1 -all');
      set(name, { TXT: txt });
    }
    set(d, { MX: mxHosts.map((exchange, i) => ({ preference: 10 + i, exchange })) });
    set(`why.${d}`, { TXT: ['%{i} is not allowed to send for %{d}'] });
    for (const ip of V4) if (chance(0.3)) set(`${ip}.ex.${d}`, { A: ['127.0.0.2'] });
    if (chance(0.5)) set(`alice.u.${d}`, { A: ['127.0.0.2'] });
    if (chance(0.03)) timeouts.push(pick([`i1.${d}`, `h1.${d}`, `i2.${d}`]));
    else if (chance(0.02)) servfails.push(pick([`i1.${d}`, `h2.${d}`]));
    const ip = chance(0.7) ? pick(V4) : pick(V6);
    scenarios.push({ id, ip, mailFrom: `${pick(['alice', 'bob'])}@${d}`, helo: `mail.${d}` });
  }
  for (const ip of V4) {
    const rev = `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
    set(rev, { PTR: [`h1.d${Math.floor(r() * count)}.test`, `h2.d${Math.floor(r() * count)}.test`] });
  }
  return { zone, timeouts, servfails, scenarios };
}
