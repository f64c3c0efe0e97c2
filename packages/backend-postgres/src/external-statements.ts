import type { ExternalStatementRule } from '@infer/core';

/**
 * PostgreSQL statements that reach outside the database, to the server's files or programs: a
 * migration with one must declare `external: true`, and `infer migrate lint` never runs it (its
 * scratch schema is rolled back, a file written on the server is not). The one list of them for
 * PostgreSQL. COPY to STDOUT and from STDIN stay inside: the data goes through the connection.
 */
export const POSTGRES_EXTERNAL_STATEMENTS: readonly ExternalStatementRule[] = Object.freeze([
  {
    pattern: '^ COPY … TO !STDOUT',
    reason: 'COPY … TO a file or program writes a file or runs a program on the database server',
  },
  {
    pattern: '^ COPY … FROM !STDIN',
    reason: 'COPY … FROM a file or program reads a file or runs a program on the database server',
  },
  { pattern: 'pg_read_file(', reason: 'pg_read_file() reads a file of the database server' },
  { pattern: 'pg_read_binary_file(', reason: 'pg_read_binary_file() reads a file of the database server' },
  { pattern: 'pg_ls_dir(', reason: 'pg_ls_dir() lists a directory of the database server' },
  { pattern: 'lo_import(', reason: 'lo_import() reads a file of the database server into a large object' },
  { pattern: 'lo_export(', reason: 'lo_export() writes a large object to a file on the database server' },
]);
