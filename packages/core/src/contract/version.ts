import { createRequire } from 'node:module';
import { ErrorCode, InferError } from '../errors.js';
import type { BackendDescriptor } from './descriptor.js';

/**
 * The version of the backend contract this core implements: `StorageBackend`, `BackendDescriptor`,
 * `MigrationDriver` and the plugin hook. A major bump breaks backends; a minor one adds optional
 * parts or makes required ones optional. A backend declares the range it supports in
 * `BackendDescriptor.contract`, e.g. `^1.0.0`.
 *
 * 1.1: `MigrationDriver.dialect` is optional and ignored; hosts name the database by the
 * descriptor's `displayName`. A driver without it declares `^1.1.0`.
 *
 * 1.2: `MigrationDriver.transaction` and `withoutTransaction` take an optional second parameter,
 * `MigrationStepOptions` (the migration and its `statementTimeout`); drivers of 1.1 ignore it.
 *
 * 1.3: `ListOptions.after` pages by the last id of the previous page, for backends that declare the
 * capability `keysetPagination` (default `false`); backends of 1.2 do not, and hosts refuse `after` for them.
 */
export const CONTRACT_VERSION = '1.3.0';

/** A backend built for another contract version than this core's. */
export class IncompatibleBackendError extends InferError {
  readonly type: string;
  readonly supported: string | undefined;
  constructor(descriptor: Pick<BackendDescriptor, 'type'>, supported: string | undefined, source: string) {
    const what = `storage type "${descriptor.type}" (${source})`;
    const [message, hint] =
      supported === undefined
        ? [
            `${what} declares no valid backend contract version (a semver range such as ^1.0.0); this infer has ` +
              `contract ${CONTRACT_VERSION}`,
            `upgrade ${source} to a release that declares one`,
          ]
        : newerThanCore(supported)
          ? [
              `${what} needs backend contract ${supported}; this infer has ${CONTRACT_VERSION}`,
              `upgrade infer to a release with a contract in ${supported}, or install a release of ${source} ` +
                `made for contract ${CONTRACT_VERSION}`,
            ]
          : [
              `${what} supports backend contract ${supported}; this infer has ${CONTRACT_VERSION}`,
              `upgrade ${source} to a release that supports contract ${CONTRACT_VERSION}`,
            ];
    super(ErrorCode.IncompatibleBackend, message, { hint });
    this.type = descriptor.type;
    this.supported = supported;
  }
}

/**
 * Throws an {@link IncompatibleBackendError} unless the descriptor's `contract` range includes
 * {@link CONTRACT_VERSION}. `source` names the backend's package in the message, when known.
 */
export function assertCompatible(
  descriptor: BackendDescriptor,
  source = `the ${descriptor.displayName} backend`,
): void {
  const supported = (descriptor as { contract?: unknown }).contract;
  if (typeof supported === 'string' && caretIncludesContract(supported)) return;
  const range = typeof supported === 'string' && semver().validRange(supported) ? supported : undefined;
  if (range === undefined || !semver().satisfies(CONTRACT_VERSION, range)) {
    throw new IncompatibleBackendError(descriptor, range, source);
  }
}

const NUMBER = '(0|[1-9]\\d*)';
const CARET = new RegExp(`^\\^${NUMBER}\\.${NUMBER}\\.${NUMBER}$`);
const VERSION = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}$`);
type Triple = [number, number, number];

/**
 * The usual declaration, `^MAJOR.MINOR.PATCH` with a major of 1 or more, answered without semver:
 * loading semver builds some 40 regular expressions at every start of the CLI.
 * Only a `true` is trusted; any other range, and every refusal, goes through
 * semver, which also words the error. `contract-version.test.ts` checks that it agrees with semver.
 */
export function caretIncludesContract(range: string, version: string = CONTRACT_VERSION): boolean {
  const low = CARET.exec(range)?.slice(1).map(Number) as Triple | undefined;
  const have = VERSION.exec(version)?.slice(1).map(Number) as Triple | undefined;
  if (!low || !have || low[0] === 0 || !low.every(Number.isSafeInteger)) return false;
  const [major, minor, patch] = have;
  return major === low[0] && (minor > low[1] || (minor === low[1] && patch >= low[2]));
}

function newerThanCore(range: string): boolean {
  const lowest = semver().minVersion(range);
  return lowest !== null && semver().gt(lowest, CONTRACT_VERSION);
}

/** semver, loaded on first use (the CLI has usually loaded it already through oclif). */
function semver(): typeof import('semver') {
  return createRequire(import.meta.url)('semver') as typeof import('semver');
}
