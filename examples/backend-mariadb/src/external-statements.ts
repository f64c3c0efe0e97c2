import type { ExternalStatementRule } from '@infer/core';

/**
 * MariaDB and MySQL statements that reach outside the database, to files of the server or of the
 * client: a migration with one must declare `external: true`, and `infer migrate lint` never runs
 * it. The one list of them for this dialect.
 */
export const MARIADB_EXTERNAL_STATEMENTS: readonly ExternalStatementRule[] = Object.freeze([
  {
    pattern: '^ LOAD DATA',
    reason: 'LOAD DATA INFILE reads a file of the database server (or, with LOCAL, of the client)',
  },
  {
    pattern: '^ LOAD XML',
    reason: 'LOAD XML INFILE reads a file of the database server (or, with LOCAL, of the client)',
  },
  { pattern: 'INTO OUTFILE', reason: 'SELECT … INTO OUTFILE writes a file on the database server' },
  { pattern: 'INTO DUMPFILE', reason: 'SELECT … INTO DUMPFILE writes a file on the database server' },
  { pattern: 'load_file(', reason: 'LOAD_FILE() reads a file of the database server' },
]);
