import type { ExternalStatementRule } from '@infer/core';

/**
 * SQLite statements that reach outside the database file: a migration with one must declare
 * `external: true`, and `infer migrate lint` never runs it. The one list of them for SQLite.
 */
export const SQLITE_EXTERNAL_STATEMENTS: readonly ExternalStatementRule[] = Object.freeze([
  { pattern: '^ ATTACH', reason: 'ATTACH opens another database file, and creates it when it does not exist' },
  { pattern: '^ DETACH', reason: 'DETACH closes a database file that an ATTACH opened' },
  { pattern: '^ VACUUM … INTO', reason: 'VACUUM INTO writes a copy of the database to another file' },
  { pattern: 'load_extension(', reason: 'load_extension() loads a shared library into the process' },
]);
