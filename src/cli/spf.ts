import { text } from '../i18n/message';
import { UsageError, type CliCommand, type CliIo } from './command';
import { cliResolver, DEFAULT_TIMEOUT_MS, parseDnsFlag, parseOneDomain, parseTimeoutFlag, scanArgs } from './args';
import { pickLocale, type Locale } from '../i18n/locale';
import { evaluateSpf, type SpfEvalNode } from '../spf/evaluate';
import { parseIpAddress } from '../spf/parse-ip';
import { suggestSpf, type ProviderId } from '../spf/suggest';
import { walkSpfTree, type SpfTreeNode } from '../spf/tree';
import { summarizeSpfTree } from '../spf/verdict';

const USAGE = `Usage:
  coexist spf eval --ip IP --mailfrom ADDR --helo NAME [--dns HOST:PORT]... [--timeout MS] [--json]
  coexist spf suggest <domain> [--provider strato|ionos|other] [--dns HOST:PORT]... [--timeout MS] [--lang en|de] [--json]
  coexist spf tree <domain> [--dns HOST:PORT]... [--timeout MS] [--lang en|de] [--json]

eval     RFC 7208 check_host() for one message: the result, the explanation and the DNS lookups it used.
         An empty --mailfrom ("") is the null sender: postmaster@<helo> is checked. Exit 0 whenever a result
         was computed (whatever it is), 2 on a usage error.
suggest  The SPF record to publish for mixed operation (Microsoft 365's include merged into the provider's
         record), the reasoning, and the lookup count before and after. Exit 0 with a suggestion, 1 when the
         current record could not be read.
tree     The record and everything reached through include/redirect, with the lookups each branch costs.
         Exit 0 when the spf check would be ok, 1 otherwise.

  --dns HOST:PORT   ask only these servers (repeatable); default: COEXIST_PUBLIC_RESOLVERS
                    (comma-separated HOST:PORT, default 1.1.1.1,8.8.8.8,9.9.9.9)
  --timeout MS      per-query timeout (default 2000)
  --lang en|de      language of the reasoning (default: from LANG, as in every sub-command; else en)
  --json            print one JSON object
`;

interface Common {
  dns: string[];
  timeoutMs: number;
  json: boolean;
  lang: Locale;
}

interface Parsed extends Common {
  positional: string[];
  options: Map<string, string>;
}

const VALUE_FLAGS = new Set(['--ip', '--mailfrom', '--helo', '--provider', '--dns', '--timeout', '--lang']);

function parseArgs(argv: readonly string[], allowed: readonly string[], env: CliIo['env']): Parsed {
  const options = new Map<string, string>();
  const dns: string[] = [];
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  // As every sub-command: --lang, else the locale of the environment (LANG=de_DE.UTF-8 → de), else en.
  let lang: Locale = pickLocale(env.LANG?.replace(/\..*$/, ''));
  const { positional, json } = scanArgs(argv, (flag, value) => {
    if (!VALUE_FLAGS.has(flag)) return false;
    if (!allowed.includes(flag) && !['--dns', '--timeout', '--lang'].includes(flag)) throw new UsageError(`${flag} does not apply here`);
    const v = value();
    switch (flag) {
      case '--dns': dns.push(parseDnsFlag(v)); break;
      case '--timeout': timeoutMs = parseTimeoutFlag(v); break;
      case '--lang':
        if (v !== 'en' && v !== 'de') throw new UsageError(`--lang must be en or de, not "${v}"`);
        lang = v;
        break;
      default:
        if (options.has(flag)) throw new UsageError(`${flag} given twice`);
        options.set(flag, v);
    }
    return true;
  }, { allowEmpty: ['--mailfrom'] });
  return { positional, options, dns, timeoutMs, json, lang };
}

function evalTreeLines(node: SpfEvalNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  out.push(`${pad}${node.domain}${node.via === 'root' ? '' : ` (${node.via})`}: ${node.record ?? '(no SPF record)'}  [${node.result}, ${node.totalLookups} lookup${node.totalLookups === 1 ? '' : 's'}]`);
  for (const t of node.terms) {
    const extra = [t.matched ? 'matched' : '', t.void ? 'void' : '', t.subLookups > 0 ? `${t.subLookups} address lookups` : ''].filter(Boolean).join(', ');
    out.push(`${pad}  ${t.term}: ${t.lookups}${t.child ? ` + ${t.child.totalLookups}` : ''}${extra ? ` (${extra})` : ''}`);
    if (t.child) evalTreeLines(t.child, depth + 2, out);
  }
}

async function runEval(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['--ip', '--mailfrom', '--helo'], io.env);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const ip = args.options.get('--ip');
  const mailFrom = args.options.get('--mailfrom');
  const helo = args.options.get('--helo');
  if (ip === undefined) throw new UsageError('missing --ip');
  if (parseIpAddress(ip.trim()) === null) throw new UsageError(`--ip "${ip}" is not an IPv4 or IPv6 address`);
  if (mailFrom === undefined) throw new UsageError('missing --mailfrom (use --mailfrom "" for the null sender)');
  if (helo === undefined) throw new UsageError('missing --helo');
  const resolver = cliResolver(args.dns, args.timeoutMs, io.env);
  try {
    const outcome = await evaluateSpf({ ip, mailFrom, helo }, resolver);
    if (args.json) {
      io.stdout(`${JSON.stringify({
        result: outcome.result, explanation: outcome.explanation, lookups: outcome.lookups, voidLookups: outcome.voidLookups,
        domain: outcome.domain, sender: outcome.sender, mechanism: outcome.mechanism, queries: outcome.queries, tree: outcome.tree,
      })}\n`);
    } else {
      const lines = [
        `${outcome.result}: ${outcome.explanation}`,
        `identity: ${outcome.sender}  client: ${ip}  lookups: ${outcome.lookups} of 10, void: ${outcome.voidLookups} of 2`,
      ];
      if (outcome.tree) { lines.push(''); evalTreeLines(outcome.tree, 0, lines); }
      io.stdout(`${lines.join('\n')}\n`);
    }
    return 0;
  } finally {
    resolver.close();
  }
}

async function runSuggest(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, ['--provider'], io.env);
  const domain = parseOneDomain(args.positional);
  const provider = args.options.get('--provider');
  if (provider !== undefined && provider !== 'strato' && provider !== 'ionos' && provider !== 'other') {
    throw new UsageError(`--provider must be strato, ionos or other, not "${provider}"`);
  }
  const resolver = cliResolver(args.dns, args.timeoutMs, io.env);
  try {
    const s = await suggestSpf(domain, resolver, provider ? { provider: provider as ProviderId } : {});
    if (args.json) {
      io.stdout(`${JSON.stringify({ ...s, provider: s.provider?.id ?? null })}\n`);
      return s.kind === 'error' ? 1 : 0;
    }
    const L = args.lang;
    const lines: string[] = [];
    if (s.kind === 'error') {
      lines.push(...s.reasoning.map((r) => r[L]));
      io.stdout(`${lines.join('\n')}\n`);
      return 1;
    }
    const heading = { merge: { en: 'Publish this TXT record instead of the current one:', de: 'Veröffentlichen Sie diesen TXT-Eintrag anstelle des bisherigen:' },
      new: { en: 'Publish this TXT record:', de: 'Veröffentlichen Sie diesen TXT-Eintrag:' },
      unchanged: { en: 'The current record is already merged; keep it:', de: 'Der aktuelle Eintrag ist bereits zusammengeführt; behalten Sie ihn:' } }[s.kind];
    lines.push(`${domain}${s.provider ? `  (${s.provider.name})` : ''}`);
    for (const c of s.current) lines.push(`  ${L === 'de' ? 'jetzt' : 'now'}:   ${c}`);
    lines.push('', heading[L], '', `  ${s.record}`, '');
    lines.push(`${L === 'de' ? 'DNS-Abfragen' : 'DNS lookups'}: ${s.lookupsBefore ?? '?'} → ${s.lookupsAfter ?? '?'} (${L === 'de' ? 'höchstens' : 'at most'} 10)`, '');
    for (const r of s.reasoning) lines.push(`- ${r[L]}`);
    lines.push('');
    for (const c of s.checks) lines.push(`[${c.ok === true ? 'ok' : c.ok === false ? 'FAIL' : '??'}] ${c.message[L]}`);
    if (s.alternative) {
      lines.push('', L === 'de' ? `Alternative mit ${s.alternative.lookups} Abfragen:` : `Alternative with ${s.alternative.lookups} lookups:`, '', `  ${s.alternative.record}`, '');
      for (const r of s.alternative.reasoning) lines.push(`- ${r[L]}`);
    }
    if (s.question) lines.push('', s.question[L]);
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    resolver.close();
  }
}

function treeLines(node: SpfTreeNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const status = node.status === 'ok' ? '' : `  [${node.status}${node.error ? `: ${node.error}` : ''}]`;
  out.push(`${pad}${node.domain}${node.via === 'root' ? '' : ` (${node.via})`}  ${node.totalLookups} lookup${node.totalLookups === 1 ? '' : 's'}${status}`);
  if (node.record) out.push(`${pad}  "${node.record}"`);
  else for (const r of node.records) out.push(`${pad}  "${r}"`);
  for (const issue of node.issues) out.push(`${pad}  ${issue.severity}: ${issue.message.en}`);
  for (const t of node.terms) {
    const notes = [t.void === true ? 'void' : '', t.error ? `could not check: ${t.error}` : '', t.target === null ? 'macro' : '', t.lookups === 0 ? 'ignored: the record has all' : ''].filter(Boolean).join(', ');
    out.push(`${pad}  ${t.term}  ${t.lookups}${t.child ? ` + ${t.child.totalLookups}` : ''}${notes ? `  (${notes})` : ''}`);
    if (t.child) treeLines(t.child, depth + 2, out);
  }
}

async function runTree(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [], io.env);
  const domain = parseOneDomain(args.positional);
  const resolver = cliResolver(args.dns, args.timeoutMs, io.env);
  try {
    const tree = await walkSpfTree(domain, resolver);
    const verdict = summarizeSpfTree(tree);
    if (args.json) {
      io.stdout(`${JSON.stringify({ domain, status: verdict.status, lookups: tree.totalLookups, voidLookups: tree.totalVoidLookups,
        microsoftReachable: tree.microsoftReachable, advice: text(verdict.advice, args.lang), reasons: verdict.reasons.map((r) => ({ code: r.code, domain: r.domain, message: text(r.message, args.lang) })), root: tree.root })}\n`);
    } else {
      const lines: string[] = [];
      treeLines(tree.root, 0, lines);
      lines.push('', `${tree.totalLookups} of 10 lookups, ${tree.totalVoidLookups} of 2 void lookups, spf.protection.outlook.com ${tree.microsoftReachable ? 'reachable' : 'NOT reachable'}`);
      lines.push(`spf check: ${verdict.status}: ${text(verdict.advice, args.lang)}`);
      if (verdict.status === 'missing' || verdict.status === 'wrong') {
        lines.push(args.lang === 'de' ? `Den Eintrag schlägt \`coexist spf suggest ${tree.root.domain}\` vor.` : `\`coexist spf suggest ${tree.root.domain}\` gives the record.`);
      }
      io.stdout(`${lines.join('\n')}\n`);
    }
    return verdict.status === 'ok' ? 0 : 1;
  } finally {
    resolver.close();
  }
}

/** `coexist spf eval|suggest|tree`. */
export const spfCommand: CliCommand = {
  name: 'spf',
  summary: 'evaluate SPF for a message, suggest the merged record, or show the include tree',
  usage: USAGE,
  run: async (argv, io) => {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'eval': return runEval(rest, io);
      case 'suggest': return runSuggest(rest, io);
      case 'tree': return runTree(rest, io);
      case undefined: throw new UsageError('missing sub-command: eval, suggest or tree');
      default: throw new UsageError(`unknown sub-command "${sub}": use eval, suggest or tree`);
    }
  },
};
