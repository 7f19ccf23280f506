import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throw-away certificate authority and one server certificate it signed, as PEM text. */
export interface TestCertificates {
  caPem: string;
  keyPem: string;
  certPem: string;
}

/**
 * Makes a CA and a leaf certificate for `names` (DNS names or IP addresses, all in subjectAltName) with the
 * openssl command-line tool (Debian's openssl package). Clients trust the CA explicitly; TLS verification is
 * never turned off.
 */
export function makeTestCertificates(names: readonly string[]): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'coexist-ca-'));
  const run = (args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }); };
  try {
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=coexist test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${names[0]}`]);
    const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    writeFileSync(path.join(dir, 'leaf.ext'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
    run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext']);
    return {
      caPem: readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
      keyPem: readFileSync(path.join(dir, 'leaf.key'), 'utf8'),
      certPem: readFileSync(path.join(dir, 'leaf.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
