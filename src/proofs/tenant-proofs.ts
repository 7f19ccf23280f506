/**
 * Proofs of the steps DNS cannot see, read from a connected tenant. Each `judge*` is pure over the documented
 * response shape; each `prove*` makes the calls and never throws. Results carry codes and the evidence, never
 * prose: the edge renders the text.
 *
 * Shapes and meanings: Learn "Get domain" / "domain resource type" (isVerified, isAdminManaged),
 * "List verificationDnsRecords", "List serviceConfigurationRecords" (mailExchange), "user resource type"
 * (proxyAddresses: `SMTP:` primary, `smtp:` secondary; assignedPlans, provisionedPlans, returned only on $select),
 * "Get-AcceptedDomain" (DomainType Authoritative | InternalRelay | ExternalRelay).
 */
import type { CloudClient, CloudFailure } from './cloud-client';

export type Proof<T> = { ok: true; evidence: T } | CloudFailure;

export interface DomainEvidence {
  /** Ownership verified in Microsoft 365 (step 1 done there). */
  verified: boolean;
  /** The `MS=ms…` value Microsoft 365 asks to publish, when it lists one. */
  verificationTxt?: string;
  /** The tenant's inbound host for the domain (`*.mail.protection.outlook.com` or `*.mx.microsoft`). */
  mailExchange?: string;
  /** false: DNS management was delegated to Microsoft 365 (name servers moved) — against mixed operation. */
  adminManaged: boolean;
}

/** Reads step 1's evidence from the three domain resources. Pure. */
export function judgeDomain(domain: Record<string, unknown>, verification: ReadonlyArray<Record<string, unknown>>, service: ReadonlyArray<Record<string, unknown>>): DomainEvidence {
  const txt = verification.find((r) => r.recordType === 'Txt' && typeof r.text === 'string' && /^MS=ms\d+$/i.test(r.text));
  const mx = service.find((r) => r.recordType === 'Mx' && typeof r.mailExchange === 'string');
  return {
    verified: domain.isVerified === true,
    ...(txt ? { verificationTxt: txt.text as string } : {}),
    ...(mx ? { mailExchange: (mx.mailExchange as string).toLowerCase().replace(/\.$/, '') } : {}),
    adminManaged: domain.isAdminManaged !== false,
  };
}

/** Step 1 from Microsoft Graph (Domain.Read.All). A domain never added is `not-found`. */
export async function proveDomain(client: CloudClient, tenantId: string, domain: string): Promise<Proof<DomainEvidence>> {
  const id = encodeURIComponent(domain);
  const [resource, verification, service] = await Promise.all([
    client.graphGet(tenantId, `/v1.0/domains/${id}`),
    client.graphList(tenantId, `/v1.0/domains/${id}/verificationDnsRecords`),
    client.graphList(tenantId, `/v1.0/domains/${id}/serviceConfigurationRecords`),
  ]);
  if (!resource.ok) return resource;
  if (!verification.ok) return verification;
  if (!service.ok) return service;
  return { ok: true, evidence: judgeDomain(resource.value, verification.value, service.value) };
}

export type UserFinding =
  | 'primary-not-on-domain' // the primary SMTP address is not on the migrated domain
  | 'primary-onmicrosoft' // sends from *.onmicrosoft.com: 100 external recipients a day, then 550 5.7.236
  | 'alias-missing' // no smtp: alias on the tenant's onmicrosoft.com domain: the provider has nowhere to forward to
  | 'no-exchange-license' // no enabled Exchange plan
  | 'mailbox-not-provisioned'; // the Exchange plan is not provisioned (yet)

export interface UserEvidence {
  userPrincipalName: string;
  primary?: string;
  /** The forwarding target for step 5: the exact alias, never one derived from the name. */
  onmicrosoftAlias?: string;
  licensed: boolean;
  mailboxProvisioned: boolean;
  findings: UserFinding[];
}

/**
 * Judges step 4 for one user. Pure. The prefix is compared case-sensitively (`SMTP:` primary, `smtp:` alias),
 * the address case-insensitively.
 */
export function judgeUser(user: Record<string, unknown>, domain: string): UserEvidence {
  const proxies = Array.isArray(user.proxyAddresses) ? user.proxyAddresses.filter((p): p is string => typeof p === 'string') : [];
  const primary = proxies.find((p) => p.startsWith('SMTP:'))?.slice(5).toLowerCase();
  const alias = proxies.filter((p) => p.startsWith('smtp:')).map((p) => p.slice(5).toLowerCase()).find((a) => /@[^@]+\.onmicrosoft\.com$/.test(a));
  const plans = (key: string): Array<Record<string, unknown>> => (Array.isArray(user[key]) ? (user[key] as Array<Record<string, unknown>>) : []);
  const licensed = plans('assignedPlans').some((p) => p.service === 'exchange' && p.capabilityStatus === 'Enabled');
  const mailboxProvisioned = plans('provisionedPlans').some((p) => p.service === 'exchange' && p.provisioningStatus === 'Success');
  const findings: UserFinding[] = [];
  if (primary?.endsWith('.onmicrosoft.com')) findings.push('primary-onmicrosoft');
  else if (!primary?.endsWith(`@${domain}`)) findings.push('primary-not-on-domain');
  if (!alias) findings.push('alias-missing');
  if (!licensed) findings.push('no-exchange-license');
  else if (!mailboxProvisioned) findings.push('mailbox-not-provisioned');
  return {
    userPrincipalName: typeof user.userPrincipalName === 'string' ? user.userPrincipalName : '',
    ...(primary ? { primary } : {}),
    ...(alias ? { onmicrosoftAlias: alias } : {}),
    licensed, mailboxProvisioned, findings,
  };
}

/** Step 4 for one user from Microsoft Graph (User.Read.All). An unknown user is `not-found`. */
export async function proveUser(client: CloudClient, tenantId: string, user: string, domain: string): Promise<Proof<UserEvidence>> {
  const select = 'id,userPrincipalName,mail,proxyAddresses,assignedPlans,provisionedPlans';
  const result = await client.graphGet(tenantId, `/v1.0/users/${encodeURIComponent(user)}?$select=${select}`);
  return result.ok ? { ok: true, evidence: judgeUser(result.value, domain) } : result;
}

export type AcceptedDomainType = 'Authoritative' | 'InternalRelay' | 'ExternalRelay';

/** `unknown-type`: the Admin API answered without `DomainType` (not promised after its preview). */
export type AcceptedDomainEvidence =
  | { known: true; domainType: AcceptedDomainType }
  | { known: false; reason: 'not-accepted' | 'unknown-type' };

/** Reads Get-AcceptedDomain's answer for the domain. Pure. */
export function judgeAcceptedDomain(rows: ReadonlyArray<Record<string, unknown>>, domain: string): AcceptedDomainEvidence {
  const row = rows.find((r) => typeof r.DomainName === 'string' && r.DomainName.toLowerCase() === domain);
  if (!row) return { known: false, reason: 'not-accepted' };
  const type = row.DomainType;
  return type === 'Authoritative' || type === 'InternalRelay' || type === 'ExternalRelay' ? { known: true, domainType: type } : { known: false, reason: 'unknown-type' };
}

/** Step 6 from the Exchange Online Admin API (Exchange.ManageAsAppV2 plus a view-only Exchange role). */
export async function proveAcceptedDomain(client: CloudClient, tenantId: string, domain: string): Promise<Proof<AcceptedDomainEvidence>> {
  const result = await client.exchange(tenantId, 'Get-AcceptedDomain', { Identity: domain });
  if (!result.ok) return result.code === 'not-found' ? { ok: true, evidence: { known: false, reason: 'not-accepted' } } : result;
  return { ok: true, evidence: judgeAcceptedDomain(result.value, domain) };
}
