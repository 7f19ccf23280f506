import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TenantAccessConfig } from '../config/tenant-access';
import { createCloudClient, type CloudClient } from './cloud-client';
import { createHttpJson } from './http-json';
import { createTokenSource, type TenantCredential } from './token-source';

export type TenantAccessSetup = { ok: true; client: CloudClient } | { ok: false; file: string; detail: string };

/**
 * Builds the read-only cloud client from the configuration: reads the certificate (its SHA-256 thumbprint is
 * computed from it, so it cannot disagree) and the extra CA file once. Never throws; a file that cannot be read
 * or parsed is named in the result.
 */
export function setUpTenantAccess(access: TenantAccessConfig, readFile: (file: string) => string = (file) => readFileSync(file, 'utf8')): TenantAccessSetup {
  let credential: TenantCredential;
  let ca: string | undefined;
  if (access.credential.kind === 'certificate') {
    const file = access.credential.file;
    try {
      const pem = readFile(file);
      const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
      if (!key) return { ok: false, file, detail: 'no private key (BEGIN PRIVATE KEY) in the file' };
      const thumbprintSha256 = new X509Certificate(pem).fingerprint256.replace(/:/g, '');
      credential = { kind: 'certificate', privateKey: key, thumbprintSha256 };
    } catch (error) {
      return { ok: false, file, detail: error instanceof Error ? error.message : String(error) };
    }
  } else {
    credential = { kind: 'secret', secret: access.credential.secret };
  }
  if (access.caFile) {
    try { ca = readFile(access.caFile); } catch (error) {
      return { ok: false, file: access.caFile, detail: error instanceof Error ? error.message : String(error) };
    }
  }
  const http = createHttpJson({ timeoutMs: 10_000, ...(ca ? { ca } : {}) });
  const tokens = createTokenSource({
    clientId: access.appId, credential, authorityHost: access.authorityHost, http,
    resources: { graph: access.graphUrl, exchange: access.exchangeUrl },
  });
  return { ok: true, client: createCloudClient({ tokens, http, graphBaseUrl: access.graphUrl, exchangeBaseUrl: access.exchangeUrl }) };
}
