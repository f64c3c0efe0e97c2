import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanUpAtExit } from './leftovers.js';

/** PEM files made by `openssl` for TLS tests, in a temporary directory of their own. */
export interface TestCertificates {
  readonly dir: string;
  /** The CA that signed every certificate below. */
  readonly caFile: string;
  /** Another CA, which signed none of them: the wrong root. */
  readonly otherCaFile: string;
  /** The server's certificate, for the name `localhost` only: reached as 127.0.0.1 its name does not match. */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** A client certificate whose common name is `clientName`. */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  readonly clientName: string;
  /** Removes the directory. */
  remove(): void;
}

const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA, a server certificate for `localhost` and a client certificate for `clientName`, valid two days. */
export function makeTestCertificates(clientName = 'infer_cert'): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'infer-certs-'));
  const forget = cleanUpAtExit(() => rmSync(dir, { recursive: true, force: true }));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const authority = (name: string, subject: string) =>
    openssl(
      'req',
      '-x509',
      ...CURVE,
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.crt`),
      '-days',
      '2',
      '-subj',
      subject,
    );
  const signed = (name: string, subject: string, extensions: string) => {
    openssl('req', ...CURVE, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', subject);
    writeFileSync(path(`${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      path(`${name}.csr`),
      '-CA',
      path('ca.crt'),
      '-CAkey',
      path('ca.key'),
      '-CAcreateserial',
      '-out',
      path(`${name}.crt`),
      '-days',
      '2',
      '-extfile',
      path(`${name}.ext`),
    );
  };
  authority('ca', '/CN=infer test CA');
  authority('other-ca', '/CN=infer other test CA');
  signed('server', '/CN=localhost', 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n');
  signed('client', `/CN=${clientName}`, 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caFile: path('ca.crt'),
    otherCaFile: path('other-ca.crt'),
    serverCertFile: path('server.crt'),
    serverKeyFile: path('server.key'),
    clientCertFile: path('client.crt'),
    clientKeyFile: path('client.key'),
    clientName,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      forget();
    },
  };
}
