import { UsageError, type CliCommand } from './command';
import { cliResolver, DEFAULT_TIMEOUT_MS, parseDnsFlag, parseTimeoutFlag, scanArgs } from './args';
import { parseDomain } from '../domain/parse-domain';
import { diagnose } from '../helpdesk/diagnose';
import { probeRunnerFor } from '../helpdesk/probe-runner';
import { pickLocale } from '../i18n/locale';
import { clarificationById } from '../helpdesk/clarify';
import { INTENT_IDS, type DiagnosisId, type ProcedureStepId } from '../helpdesk/types';
import { migrationRecordType, type Migration } from '../procedure';
import { createRepositories } from '../store/repositories';
import { openStore } from '../store/open-store';

const USAGE = `Usage: coexist ask "<question or pasted NDR>" [--domain D] [--storage S --tenant T] [--intent ID] [--dns HOST:PORT]... [--timeout MS] [--lang de|en] [--json]

Diagnoses a helpdesk question (German or English) or a pasted non-delivery report for the mixed operation of
a provider and Microsoft 365, runs the live DNS checks for the domain, and prints the cause and the fix.

  --domain D          the domain to check (default: a domain named in the question)
  --dns HOST:PORT     ask these DNS servers (repeatable); default COEXIST_PUBLIC_RESOLVERS or 1.1.1.1,8.8.8.8,9.9.9.9
  --timeout MS        per-query timeout (default 2000)
  --storage S         the bot's store (as COEXIST_STORAGE: sqlite:<file>, redis://…): the answer knows the
                      migration of --domain (or the tenant's only one): its done steps are not offered as the cause
  --tenant T          the tenant whose migrations --storage reads (needed with --storage)
  --intent ID         the answer to a clarifying question: the diagnosis the person picked
  --lang de|en        answer language when the question does not tell (default from LANG)
  --json              print {"intent","confidence","language","answer","domain","checks":[...],"stepId",
                      "clarify": null | {"id","question","options":[{"intent","label"}]},"ruledOut":[{"intent","reason"}]}

Exit codes: 0 answered (also when there is no diagnosis: intent "unknown"), 2 usage error.
`;

export interface AskArgs {
  text: string;
  domain?: string;
  dns: string[];
  timeoutMs: number;
  lang?: 'de' | 'en';
  json: boolean;
  storage?: string;
  tenant?: string;
  intent?: DiagnosisId;
}

/** Parses the arguments of `coexist ask`. Pure; throws `UsageError` with one line for bad input. */
export function parseAskArgs(argv: readonly string[]): AskArgs {
  const dns: string[] = [];
  let domain: string | undefined;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let lang: 'de' | 'en' | undefined;
  let storage: string | undefined;
  let tenant: string | undefined;
  let intent: DiagnosisId | undefined;
  const { positional, json } = scanArgs(argv, (flag, value) => {
    switch (flag) {
      case '--storage': storage = value(); return true;
      case '--tenant': tenant = value().trim(); return true;
      case '--intent': {
        const v = value();
        if (v === 'unknown' || !(INTENT_IDS as readonly string[]).includes(v)) throw new UsageError(`--intent must be one of ${INTENT_IDS.filter((i) => i !== 'unknown').join(', ')}, not "${v}"`);
        intent = v as DiagnosisId;
        return true;
      }
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
  if ((storage === undefined) !== (tenant === undefined)) throw new UsageError('--storage and --tenant go together: the store keeps each tenant\'s migrations apart');
  return { text, dns, timeoutMs, json, ...(domain ? { domain } : {}), ...(lang ? { lang } : {}),
    ...(storage !== undefined ? { storage } : {}), ...(tenant !== undefined ? { tenant } : {}), ...(intent ? { intent } : {}) };
}

/** The migration `coexist ask --storage` answers in the context of: --domain's, or the tenant's only one. */
async function migrationContext(args: AskArgs): Promise<{ domain: string; doneSteps: ProcedureStepId[]; verificationValue?: string } | undefined> {
  if (args.storage === undefined || args.tenant === undefined) return undefined;
  let store;
  try {
    store = await openStore(args.storage);
  } catch (error) {
    throw new UsageError(`--storage ${args.storage}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const migrations = await createRepositories<Migration>(store, migrationRecordType).migrations.list(args.tenant);
    const pick = args.domain ? migrations.find((m) => m.domain === args.domain) : migrations.length === 1 ? migrations[0] : undefined;
    if (!pick) return undefined;
    const m = pick.value;
    const doneSteps = Object.entries(m.steps).filter(([, step]) => step.status === 'done').map(([id]) => id as ProcedureStepId);
    return { domain: m.domain, doneSteps, ...(m.inputs.verificationValue ? { verificationValue: m.inputs.verificationValue } : {}) };
  } finally {
    await store.close();
  }
}

/** `coexist ask`: the helpdesk diagnosis of issue 6 on the command line. */
export const askCommand: CliCommand = {
  name: 'ask',
  summary: 'diagnose a helpdesk question or pasted bounce message (de/en) with live DNS checks',
  usage: USAGE,
  async run(argv, io) {
    const args = parseAskArgs(argv);
    const context = await migrationContext(args);
    const resolver = cliResolver(args.dns, args.timeoutMs, io.env);
    try {
      const domain = context?.domain ?? args.domain;
      const result = await diagnose(args.text, {
        ...(domain ? { domain } : {}),
        ...(context ? { state: { doneSteps: context.doneSteps } } : {}),
        ...(args.intent ? { intent: args.intent } : {}),
        locale: args.lang ?? pickLocale(io.env.LANG?.replace(/\..*$/, '')),
        runProbe: probeRunnerFor(resolver, { budgetMs: 3 * args.timeoutMs, ...(context?.verificationValue ? { expectTxt: context.verificationValue } : {}) }),
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
          clarify: result.clarify === null ? null : {
            id: result.clarify,
            question: clarificationById(result.clarify).question[result.language],
            options: clarificationById(result.clarify).options.map((o) => ({ intent: o.intent, label: o.label[result.language] })),
          },
          ruledOut: result.ruledOut,
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
