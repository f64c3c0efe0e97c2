import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { notAFile } from './config/files.js';
import type { BackendSetting } from './contract/descriptor.js';
import { ConfigurationError, messageOf } from './errors.js';

/**
 * The TLS modes of libpq's `sslmode` that encrypt, which every backend with TLS offers under the
 * same names: `require` encrypts and, with a root certificate, verifies the chain (libpq's
 * compatibility rule); `verify-ca` verifies the chain, not the name; `verify-full` verifies both.
 */
export const TLS_MODES = ['require', 'verify-ca', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** Root certificate value that means "the CAs Node trusts" (libpq's `sslrootcert=system`). */
export const SYSTEM_ROOTS = 'system';

/**
 * A descriptor's `settings` for the PEM files of TLS: `<prefix>_root_cert` (a file, or
 * {@link SYSTEM_ROOTS}), `<prefix>_cert` and `<prefix>_key`, each resolved as a path; `descriptions`
 * says what the first two are for.
 *
 * @example
 * ...tlsFileSettings('tls', { rootCert: 'PEM file of the CA to verify the server against, or system.', cert: '…' })
 */
export function tlsFileSettings(
  prefix: string,
  descriptions: { readonly rootCert: string; readonly cert: string },
): BackendSetting[] {
  return [
    { key: `${prefix}_root_cert`, description: descriptions.rootCert, path: { keywords: [SYSTEM_ROOTS] } },
    { key: `${prefix}_cert`, description: descriptions.cert, path: {} },
    { key: `${prefix}_key`, description: 'Its private key (PEM).', path: {} },
  ];
}

/** The TLS settings of one backend section, as absolute file paths; `keys` name them in messages. */
export interface TlsSettings {
  readonly mode: TlsMode;
  /** PEM file of the CA certificates to verify the server against, or {@link SYSTEM_ROOTS}. */
  readonly rootCert?: string | undefined;
  /** Client certificate and its key (PEM files), for servers that authenticate clients by certificate. */
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  /**
   * The setting names, e.g. `{ mode: 'storage.postgres.ssl_mode', rootCert: 'storage.postgres.ssl_root_cert', ... }`.
   */
  readonly keys: { readonly mode: string; readonly rootCert: string; readonly cert: string; readonly key: string };
}

/**
 * Node's TLS options for `settings`, with libpq's meanings. The files are read here, so a missing
 * or unreadable one is a one-line configuration error naming the setting, before any connection.
 */
export function tlsConnectionOptions(settings: TlsSettings): ConnectionOptions {
  const { mode, rootCert, keys } = settings;
  const client = clientCertificate(settings);
  if (rootCert === undefined) {
    if (mode !== 'require') {
      throw new ConfigurationError(`${keys.mode}: ${mode} needs a root certificate to verify the server against`, {
        path: keys.rootCert,
        hint:
          `set ${keys.rootCert} to the PEM file of the CA that signed the server certificate (or ` +
          `"${SYSTEM_ROOTS}" for the CAs this machine trusts), or use ${keys.mode} require (encrypted, unverified)`,
      });
    }
    // Encrypted against eavesdroppers, not against a server posing as the real one.
    return { ...client, rejectUnauthorized: false };
  }
  if (rootCert === SYSTEM_ROOTS && mode !== 'verify-full') {
    // As libpq: public CAs sign certificates for anyone, so only a checked name means anything.
    throw new ConfigurationError(`${keys.rootCert}: "${SYSTEM_ROOTS}" needs ${keys.mode} verify-full`, {
      path: keys.mode,
      hint: `set ${keys.mode} to verify-full, or ${keys.rootCert} to the PEM file of your own CA`,
    });
  }
  const ca =
    rootCert === SYSTEM_ROOTS
      ? {}
      : { ca: readPem(rootCert, keys.rootCert, 'the PEM file of the CA that signed the server certificate') };
  // verify-full keeps Node's own host-name check; the other modes check the chain only.
  const name = mode === 'verify-full' ? {} : { checkServerIdentity: () => undefined };
  return { ...client, ...ca, ...name, rejectUnauthorized: true };
}

function clientCertificate({ cert, key, keys }: TlsSettings): Pick<ConnectionOptions, 'cert' | 'key'> {
  if (cert === undefined && key === undefined) return {};
  if (cert === undefined || key === undefined) {
    const [set, missing] = cert === undefined ? [keys.key, keys.cert] : [keys.cert, keys.key];
    throw new ConfigurationError(`${missing} is missing: ${set} is set, and a client certificate needs both`, {
      path: missing,
      hint: `set ${keys.cert} and ${keys.key} to the client certificate and its private key, or neither`,
    });
  }
  return {
    cert: readPem(cert, keys.cert, 'the PEM file of the client certificate'),
    key: readPem(key, keys.key, 'the PEM file of the client private key'),
  };
}

/** A PEM file's text; a file that cannot be read or holds no PEM block is a configuration error. */
function readPem(path: string, key: string, what: string): string {
  // A directory (or a FIFO, whose read would wait for a writer) is named as such, not read.
  const problem = notAFile(path);
  if (problem !== undefined)
    throw new ConfigurationError(`${key}: ${path} ${problem}`, { path: key, hint: `point it at ${what}` });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`${key}: cannot read ${path}: ${messageOf(error)}`, {
      path: key,
      hint: `point it at ${what}`,
      cause: error,
    });
  }
  if (!text.includes('-----BEGIN ')) {
    throw new ConfigurationError(`${key}: ${path} is not a PEM file (no "-----BEGIN" line)`, {
      path: key,
      hint: `point it at ${what}`,
    });
  }
  return text;
}

/** Node's codes for a server certificate whose chain does not lead to a trusted root, or is not valid now. */
const CHAIN_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

/**
 * The reason and what to do when `error` is a failed verification of the server certificate;
 * `undefined` for any other error. `keys` name the settings (`host` included) in the hint.
 */
export function tlsVerificationFailure(
  error: unknown,
  keys: TlsSettings['keys'] & { readonly host: string },
): { reason: string; hint: string } | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = `the server certificate cannot be verified (${messageOf(error)})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      reason,
      hint:
        `set ${keys.host} to a name the certificate carries, or use ${keys.mode} verify-ca (verifies the chain, ` +
        'not the name)',
    };
  }
  if (typeof code === 'string' && CHAIN_CODES.has(code)) {
    return {
      reason,
      hint:
        `set ${keys.rootCert} to the PEM file of the CA that signed the server certificate, or use ${keys.mode} ` +
        `require without ${keys.rootCert} (encrypted, unverified)`,
    };
  }
  return undefined;
}
