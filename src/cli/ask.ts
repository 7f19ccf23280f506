import { UsageError, type CliCommand } from './command';
import { cliResolver, DEFAULT_TIMEOUT_MS, parseDnsFlag, parseTimeoutFlag, scanArgs } from './args';
import { parseDomain } from '../domain/parse-domain';
import { diagnose } from '../helpdesk/diagnose';
import { probeRunnerFor } from '../helpdesk/probe-runner';
import { pickLocale } from '../i18n/locale';

const USAGE = `Usage: coexist ask "<question or pasted NDR>" [--domain D] [--dns HOST:PORT]... [--timeout MS] [--lang de|en] [--json]

Diagnoses a helpdesk question (German or English) or a pasted non-delivery report for the mixed operation of
a provider and Microsoft 365, runs the live DNS checks for the domain, and prints the cause and the fix.

  --domain D          the domain to check (default: a domain named in the question)
  --dns HOST:PORT     ask these DNS servers (repeatable); default COEXIST_PUBLIC_RESOLVERS or 1.1.1.1,8.8.8.8,9.9.9.9
  --timeout MS        per-query timeout (default 2000)
  --lang de|en        answer language when the question does not tell (default from LANG)
  --json              print {"intent","confidence","language","answer","domain","checks":[...],"stepId"}

Exit codes: 0 answered (also when there is no diagnosis: intent "unknown"), 2 usage error.
`;

export interface AskArgs {
  text: string;
  domain?: string;
  dns: string[];
  timeoutMs: number;
  lang?: 'de' | 'en';
  json: boolean;
}

/** Parses the arguments of `coexist ask`. Pure; throws `UsageError` with one line for bad input. */
export function parseAskArgs(argv: readonly string[]): AskArgs {
  const dns: string[] = [];
  let domain: string | undefined;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let lang: 'de' | 'en' | undefined;
  const { positional, json } = scanArgs(argv, (flag, value) => {
    switch (flag) {
      case '--domain': {
        const parsed = parseDomain(value());
        if (!parsed.ok) throw new UsageError(`--domain: ${parsed.message.en}`);
        domain = parsed.ascii;
        return true;
      }
      case '--dns': dns.push(parseDnsFlag(value())); return true;
      case '--timeout': timeoutMs = parseTimeoutFlag(value()); return true;
      case '--lang': {
        const v = value();
        if (v !== 'de' && v !== 'en') throw new UsageError(`--lang must be de or en, not "${v}"`);
        lang = v;
        return true;
      }
      default: return false;
    }
  });
  // Several words without quotes are one question; nothing is lost.
  const text = positional.join(' ').trim();
  if (text === '') throw new UsageError('missing "<question>"');
  if (text.length > 20000) throw new UsageError(`the question is ${text.length} characters long; paste at most 20000`);
  return { text, dns, timeoutMs, json, ...(domain ? { domain } : {}), ...(lang ? { lang } : {}) };
}

/** `coexist ask`: the helpdesk diagnosis of issue 6 on the command line. */
export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'diagnose a helpdesk question or pasted bounce message (de/en) with live DNS checks',
  usage: USAGE,
  async run(argv, io) {
    const args = parseAskArgs(argv);
    const resolver = cliResolver(args.dns, args.timeoutMs, io.env);
    try {
      const result = await diagnose(args.text, {
        ...(args.domain ? { domain: args.domain } : {}),
        locale: args.lang ?? pickLocale(io.env.LANG?.replace(/\..*$/, '')),
        runProbe: probeRunnerFor(resolver, { budgetMs: 3 * args.timeoutMs }),
        checkTimeoutMs: 3 * args.timeoutMs + 500,
      });
      if (args.json) {
        io.stdout(`${JSON.stringify({
          intent: result.intent,
          confidence: result.confidence,
          language: result.language,
          answer: result.answer,
          domain: result.domain,
          stepId: result.entry?.stepId ?? null,
          evidence: result.evidence,
          checks: result.checks.map((c) => ({ id: c.id, status: c.status, found: c.found ?? null, advice: c.advice[result.language] })),
        })}\n`);
      } else {
        io.stdout(`${result.answer}\n`);
      }
      return 0;
    } finally {
      resolver.close();
    }
  },
};
