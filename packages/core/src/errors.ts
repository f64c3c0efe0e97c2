/**
 * Typed errors. A plugin installed by a user brings its own copy of `@infer/core`, so errors are
 * recognised by their `code` (see {@link isInferError}), never by `instanceof` across packages.
 */

export const ErrorCode = {
  NotFound: 'E_NOT_FOUND',
  Configuration: 'E_CONFIG',
  Connection: 'E_CONNECTION',
  Migration: 'E_MIGRATION',
  MigrationDefinition: 'E_MIGRATION_DEFINITION',
  Drift: 'E_MIGRATION_DRIFT',
  DatabaseAhead: 'E_DATABASE_AHEAD',
  LockTimeout: 'E_LOCK_TIMEOUT',
  Baseline: 'E_BASELINE',
  BackendNotInstalled: 'E_BACKEND_NOT_INSTALLED',
  IncompatibleBackend: 'E_INCOMPATIBLE_BACKEND',
  Closed: 'E_CLOSED',
  /** A copy between backends ended with source conversations missing from the target. */
  CopyIncomplete: 'E_COPY_INCOMPLETE',
  /** A conversation holds a value this backend cannot store; nothing was written. */
  UnsupportedValue: 'E_UNSUPPORTED_VALUE',
  /**
   * A stored conversation is nested deeper or is larger than the documented limits (DOCUMENT_LIMITS), or is not JSON;
   * it was not read.
   */
  DocumentLimit: 'E_DOCUMENT_LIMIT',
  /**
   * A configuration file found in the current directory, not approved by the user, would send a
   * credential from elsewhere to a server it names, or run its migrations against a store it does not name.
   */
  UntrustedConfig: 'E_UNTRUSTED_CONFIG',
  /** Stopped by the user (Ctrl-C) between two whole steps; running the command again resumes. */
  Interrupted: 'E_INTERRUPTED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const BRAND = Symbol.for('@infer/core/error');

export interface InferErrorOptions {
  cause?: unknown;
  /** What the user can do about it; shown after the message by the CLI. */
  hint?: string;
}

/** Base class of every error the framework throws on purpose. */
export class InferError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: InferErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an error thrown by any copy of `@infer/core`, optionally of one code. */
export function isInferError(error: unknown, code?: ErrorCode): error is InferError {
  if (typeof error !== 'object' || error === null || !(BRAND in error)) return false;
  return code === undefined || (error as { code?: unknown }).code === code;
}

export class NotFoundError extends InferError {
  readonly id: string;
  constructor(
    id: string,
    message = `conversation not found: ${id}`,
    hint = 'list the stored ids with "infer conversations list"',
  ) {
    super(ErrorCode.NotFound, message, { hint });
    this.id = id;
  }

  /** `list({ after: id })` with an id no longer stored: deleted since the previous page was read. */
  static pageCursor(id: string): NotFoundError {
    return new NotFoundError(
      id,
      `the page cursor no longer exists: conversation ${id} was deleted since the previous page`,
      'list again from the first page',
    );
  }
}

export class ConfigurationError extends InferError {
  /** Dotted key path of the offending value, e.g. `storage.sqlite.path`, when there is one. */
  readonly path: string | undefined;
  constructor(message: string, options: InferErrorOptions & { path?: string } = {}) {
    super(ErrorCode.Configuration, message, options);
    this.path = options.path;
  }
}

export class ConnectionError extends InferError {
  constructor(message: string, options: InferErrorOptions = {}) {
    super(ErrorCode.Connection, message, options);
  }
}

/** Another process held the migration lock for longer than the configured wait. */
export class LockTimeoutError extends InferError {
  constructor(message: string, options: InferErrorOptions = {}) {
    super(ErrorCode.LockTimeout, message, options);
  }
}

export class BackendNotInstalledError extends InferError {
  readonly type: string;
  readonly installed: readonly string[];
  constructor(type: string, installed: readonly string[]) {
    super(
      ErrorCode.BackendNotInstalled,
      `storage type "${type}" is not installed (installed: ${installed.join(', ') || 'none'})`,
      { hint: `set storage.type to one of them, or add a backend with "infer plugins install <package>"` },
    );
    this.type = type;
    this.installed = installed;
  }
}

/**
 * A conversation holds a value that this backend cannot store (PostgreSQL: U+0000 in an id), found
 * before anything is written; the message names the conversation and the field.
 */
export class UnsupportedValueError extends InferError {
  /** The field, as a path in the conversation: `metadata.id`. */
  readonly field: string;
  constructor(message: string, options: InferErrorOptions & { field: string }) {
    super(ErrorCode.UnsupportedValue, message, options);
    this.field = options.field;
  }
}

/** See {@link ErrorCode.UntrustedConfig}; the message names the file and the server, the hint how to approve it. */
export class UntrustedConfigError extends InferError {
  /** The refused file. */
  readonly file: string;
  constructor(message: string, options: InferErrorOptions & { file: string }) {
    super(ErrorCode.UntrustedConfig, message, options);
    this.file = options.file;
  }
}

/** The user stopped a long run (Ctrl-C, an aborted signal) between two steps; each step is whole. */
export class InterruptedError extends InferError {
  constructor(message: string, options: InferErrorOptions = {}) {
    super(ErrorCode.Interrupted, message, options);
  }
}

export class ClosedError extends InferError {
  constructor(type: string) {
    super(ErrorCode.Closed, `the ${type} backend is closed`);
  }
}

/** The message of any thrown value, for wrapping driver errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
