import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ConnectionError,
  type InferError,
  createPrivateDirectory,
  isInferError,
  messageOf,
  writePrivateFile,
} from '@infer/core';
import type BetterSqlite3 from 'better-sqlite3';
import { damagedDatabaseError, isCorrupt, isReadOnly, readOnlyError } from './failure-causes.js';
import { BUSY_TIMEOUT_MS, configureLockWait, underWriteLock } from './lock-wait.js';
import { openDatabase } from './native-addon.js';

export interface ConnectOptions {
  /** Open read-only and never create the file or its directory. */
  readonly readOnly?: boolean;
  /** `false`: never create the file or its directory. Default `true` (ignored when `readOnly`). */
  readonly create?: boolean;
  /** How long a write waits for another process's lock (default {@link BUSY_TIMEOUT_MS}). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens a SQLite database the way earlier releases did (WAL, NORMAL sync, 30 s busy timeout),
 * turning every way this can fail into a one-line `ConnectionError` that says what to do. Returns
 * `undefined` for a file that does not exist when it may not create it (read-only, `create: false`).
 */
export function connect(path: string, options: ConnectOptions = {}): BetterSqlite3.Database | undefined {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new ConnectionError(`SQLite path ${path} is a directory`, {
      hint: 'set storage.sqlite.path to a database file, e.g. ~/.infer/conversations.db',
    });
  }
  const create = !options.readOnly && options.create !== false;
  if (!create && !existsSync(path)) return undefined;
  if (create) createPrivately(path);

  let db: BetterSqlite3.Database;
  try {
    db = options.readOnly ? openForReading(path) : openDatabase(path, { fileMustExist: !create });
  } catch (error) {
    if (isInferError(error)) throw error; // already says what to do (an addon built for another Node.js)
    throw new ConnectionError(`cannot open SQLite database ${path}: ${messageOf(error)}`, {
      cause: error,
      hint: `check that ${dirname(path)} is writable, or set storage.sqlite.path to another file`,
    });
  }
  try {
    configureLockWait(db, path, options.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
    // Reads the header first: a file that is not a database fails here, before anything is written.
    underWriteLock(db, () => db.pragma('schema_version'));
    if (!options.readOnly) {
      underWriteLock(db, () => db.pragma('journal_mode = WAL'));
      db.pragma('synchronous = NORMAL');
    }
  } catch (error) {
    db.close();
    throw describeOpenFailure(path, error);
  }
  return db;
}

/**
 * A connection that cannot write. SQLite's read-only mode would leave empty `-wal` and `-shm`
 * files beside a WAL database; a read-write connection under `query_only` removes them when it
 * closes, as the last connection does. A file we may not open for writing falls back to read-only.
 * A `-wal` that is already there with pages in it holds what another connection committed (or left
 * after a crash): closing last, a read-write connection would checkpoint them into the file and
 * remove it, so the file is then opened read-only, which leaves both as they are.
 */
function openForReading(path: string): BetterSqlite3.Database {
  if (walHoldsPages(path)) return openDatabase(path, { readonly: true, fileMustExist: true });
  let db: BetterSqlite3.Database;
  try {
    db = openDatabase(path, { fileMustExist: true });
  } catch {
    return openDatabase(path, { readonly: true, fileMustExist: true });
  }
  db.pragma('query_only = ON');
  return db;
}

function walHoldsPages(path: string): boolean {
  try {
    // No exception for the usual case, a database without a `-wal`: building one costs a start.
    return (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0) > 0;
  } catch {
    return false;
  }
}

/**
 * Refuses, before SQLite opens it, an existing file this process may not write: SQLite would open
 * it read-only, leave `-wal` and `-shm` files beside it and fail at the first write instead.
 */
export function assertWritable(path: string): void {
  if (!existsSync(path)) return;
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new ConnectionError(
      `cannot write SQLite database ${path}: it is read-only (${(error as { code?: string }).code})`,
      {
        cause: error,
        hint: `make ${path} writable, or only look with "infer migrate --status"; it was left unchanged`,
      },
    );
  }
}

/**
 * A throwaway in-memory database (for `infer migrate lint`) that cannot create a file: opened
 * without SQLITE_OPEN_CREATE (`fileMustExist`), whose flags every ATTACH on the connection
 * inherits, so an ATTACH of a file that does not exist fails instead of creating it.
 * (better-sqlite3 offers neither `sqlite3_limit` for SQLITE_LIMIT_ATTACHED nor an authorizer.)
 */
export function openScratch(): BetterSqlite3.Database {
  return openDatabase(':memory:', { fileMustExist: true });
}

/**
 * Creates the database's directory `0700` and the database file `0600` before SQLite opens it:
 * SQLite would create the file `0644` (less the umask), and gives its `-wal`, `-shm` and `-journal`
 * the mode of the database file. An existing file or directory keeps its mode.
 */
function createPrivately(path: string): void {
  const directory = dirname(path);
  try {
    createPrivateDirectory(directory);
  } catch (error) {
    throw new ConnectionError(`cannot create directory ${directory} for the SQLite database: ${messageOf(error)}`, {
      cause: error,
      hint: 'create it yourself or set storage.sqlite.path to a writable location',
    });
  }
  try {
    writePrivateFile(path, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // created meanwhile, or there already
    throw new ConnectionError(`cannot create SQLite database ${path}: ${messageOf(error)}`, {
      cause: error,
      hint: `check that ${directory} is writable, or set storage.sqlite.path to another file`,
    });
  }
}

function describeOpenFailure(path: string, error: unknown): InferError {
  if (isInferError(error)) return error;
  const code = (error as { code?: string }).code;
  if (isCorrupt(error)) return damagedDatabaseError(path, messageOf(error), error);
  if (code === 'SQLITE_NOTADB') {
    return new ConnectionError(`${path} is not a SQLite database (${messageOf(error)})`, {
      cause: error,
      hint: 'move that file away or set storage.sqlite.path to another file; it was left unchanged',
    });
  }
  if (isReadOnly(error)) return readOnlyError(path, error);
  return new ConnectionError(`cannot use SQLite database ${path}: ${messageOf(error)}`, {
    cause: error,
    hint:
      `check the free space and the file size limit where ${path} is, and that it and ${dirname(path)} ` +
      'are writable',
  });
}
