import type { InputField, InputValues, MessageRef, MigrationInputs, MigrationUser, Provider } from './types';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: MessageRef };

const invalid = (field: InputField, reason: string, params: Record<string, string | number> = {}): { ok: false; error: MessageRef } => ({
  ok: false,
  error: { key: 'inputs-invalid', params: { field, reason, ...params } },
});

/**
 * `MS=ms12345678` as Microsoft 365 shows it for TXT verification. Accepts surrounding quotes/space and
 * a missing `MS=` prefix; answers the canonical form. Pure.
 */
export function parseVerificationValue(text: string): FieldResult<string> {
  const t = text.trim().replace(/^"(.*)"$/, '$1').trim();
  const m = /^(?:ms=)?(ms\d{6,12})$/i.exec(t);
  if (!m) return invalid('verificationValue', 'verification');
  return { ok: true, value: `MS=${m[1].toLowerCase()}` };
}

/** The tenant's initial domain: `firma` or `firma.onmicrosoft.com` → `firma.onmicrosoft.com`. Pure. */
export function parseTenantName(text: string): FieldResult<string> {
  const t = text.trim().toLowerCase().replace(/\.$/, '');
  const m = /^([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)(?:\.onmicrosoft\.com)?$/.exec(t);
  if (!m) return invalid('tenantName', 'tenant');
  return { ok: true, value: `${m[1]}.onmicrosoft.com` };
}

export function parseProvider(text: string): FieldResult<Provider> {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === 'strato') return { ok: true, value: 'strato' };
  if (t === 'ionos' || t === '1&1' || t === '1und1' || t === 'ionos/1&1') return { ok: true, value: 'ionos' };
  if (t === 'other' || t === 'andere' || t === '') return { ok: true, value: 'other' };
  return invalid('provider', 'provider');
}

/** "Do mailboxes stay at the provider?" from the details form: `some` unless the admin says `none`. Pure. */
export function parseRemaining(text: string): FieldResult<'some' | 'none'> {
  const t = text.trim().toLowerCase();
  if (t === 'none' || t === 'keine') return { ok: true, value: 'none' };
  if (t === 'some' || t === 'einige' || t === '') return { ok: true, value: 'some' };
  return invalid('remaining', 'remaining');
}

const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$/;
const ADDRESS = /^([^@\s]+)@([^@\s]+)$/;

/**
 * One user per line: `Name; address[; alias]` (also `,` or tab as separator, or `Name <address>`).
 * The address must be at `domain`; the alias defaults to the address's local part at the tenant and
 * must be at `tenant` when given. Pure; the first error names the line.
 */
export function parseUsers(text: string, domain: string, tenant: string | undefined): FieldResult<MigrationUser[]> {
  const users: MigrationUser[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return invalid('users', 'users-empty');
  if (lines.length > 200) return invalid('users', 'users-too-many', { max: 200 });
  for (const [i, line] of lines.entries()) {
    const lineNo = i + 1;
    let parts: string[];
    const angle = /^(.*?)<([^>]+)>\s*[;,\t]?\s*(.*)$/.exec(line);
    if (angle) parts = [angle[1], angle[2], angle[3]];
    // `;` or tab win; only without them is a comma a separator (and then only before an address, so `Müller, Hans` stays a name).
    else parts = /[;\t]/.test(line) ? line.split(/[;\t]/) : line.split(/,(?=[^,]*@)/);
    parts = parts.map((p) => p.trim());
    const name = parts[0] ?? '';
    const address = (parts[1] ?? '').toLowerCase();
    const aliasText = (parts[2] ?? '').toLowerCase();
    if (name === '' || name.length > 100 || /[\p{Cc}<>]/u.test(name)) return invalid('users', 'user-name', { line: lineNo });
    const a = ADDRESS.exec(address);
    if (!a || !LOCAL_PART.test(a[1])) return invalid('users', 'user-address', { line: lineNo, value: address });
    if (a[2] !== domain) return invalid('users', 'user-domain', { line: lineNo, value: address, domain });
    let alias: string;
    if (aliasText === '') {
      if (tenant === undefined) return invalid('users', 'user-alias-needs-tenant', { line: lineNo });
      alias = `${a[1]}@${tenant}`;
    } else {
      const b = ADDRESS.exec(aliasText);
      if (!b || !LOCAL_PART.test(b[1]) || !b[2].endsWith('.onmicrosoft.com')) return invalid('users', 'user-alias', { line: lineNo, value: aliasText });
      if (tenant !== undefined && b[2] !== tenant) return invalid('users', 'user-alias-tenant', { line: lineNo, value: aliasText, tenant });
      alias = aliasText;
    }
    if (users.some((u) => u.address === address)) return invalid('users', 'user-duplicate', { line: lineNo, value: address });
    users.push({ name, address, alias });
  }
  return { ok: true, value: users };
}

/** The users as the form shows them, one `Name; address; alias` per line (round-trips through parseUsers). */
export function formatUsers(users: readonly MigrationUser[]): string {
  return users.map((u) => `${u.name}; ${u.address}; ${u.alias}`).join('\n');
}

export type InputsParse =
  | { ok: true; inputs: MigrationInputs }
  | { ok: false; errors: Partial<Record<InputField, MessageRef>> };

/**
 * Validates the fields present in `values` against the current inputs and merges them. Pure.
 * All fields are checked (not just the first bad one), so the form can mark each.
 * An empty field keeps the stored value, so a partly filled form loses nothing.
 */
export function applyInputs(current: MigrationInputs, values: InputValues, domain: string): InputsParse {
  const errors: Partial<Record<InputField, MessageRef>> = {};
  const next: MigrationInputs = { ...current, users: [...current.users] };
  const present = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';
  if (present(values.verificationValue)) {
    const r = parseVerificationValue(values.verificationValue);
    if (r.ok) next.verificationValue = r.value; else errors.verificationValue = r.error;
  }
  if (present(values.tenantName)) {
    const r = parseTenantName(values.tenantName);
    if (r.ok) next.tenantName = r.value; else errors.tenantName = r.error;
  }
  if (typeof values.provider === 'string') {
    const r = parseProvider(values.provider);
    if (r.ok) next.provider = r.value; else errors.provider = r.error;
  }
  if (typeof values.remaining === 'string') {
    const r = parseRemaining(values.remaining);
    if (r.ok) next.remaining = r.value; else errors.remaining = r.error;
  }
  if (present(values.users)) {
    const r = parseUsers(values.users, domain, errors.tenantName ? undefined : next.tenantName);
    if (r.ok) next.users = r.value; else errors.users = r.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, inputs: next };
}
