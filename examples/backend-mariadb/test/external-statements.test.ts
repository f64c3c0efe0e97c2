import { classifyStatement } from '@infer/core/sql';
import { describe, expect, it } from 'vitest';
import { MARIADB_EXTERNAL_STATEMENTS } from '../src/external-statements.js';
import { MariadbMigrationDriver } from '../src/migration-driver.js';

const external = (sql: string) => classifyStatement(sql, 'mysql', MARIADB_EXTERNAL_STATEMENTS).external;

describe('MariaDB statements that reach outside the database', () => {
  it.each([
    ["LOAD DATA INFILE '/etc/passwd' INTO TABLE t", 'LOAD DATA INFILE reads a file'],
    ["LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE t FIELDS TERMINATED BY ','", 'LOAD DATA INFILE reads a file'],
    ["LOAD XML LOCAL INFILE 'rows.xml' INTO TABLE t", 'LOAD XML INFILE reads a file'],
    ["SELECT * FROM t INTO OUTFILE '/tmp/t.csv'", 'INTO OUTFILE writes a file'],
    ["SELECT body INTO DUMPFILE '/tmp/t.bin' FROM t LIMIT 1", 'INTO DUMPFILE writes a file'],
    ["INSERT INTO t (body) VALUES (LOAD_FILE('/etc/passwd'))", 'LOAD_FILE() reads a file'],
  ])('%s', (sql, reason) => {
    expect(external(sql)).toMatch(reason);
  });

  it.each([
    'SELECT id INTO @last FROM t LIMIT 1',
    "INSERT INTO t VALUES ('LOAD DATA INFILE x')",
    'CREATE TABLE outfile (load_file TEXT)',
  ])('not: %s', (sql) => {
    expect(external(sql)).toBeUndefined();
  });

  it('are the rules its migration driver gives the engine', () => {
    const driver = new MariadbMigrationDriver({} as ConstructorParameters<typeof MariadbMigrationDriver>[0]);
    expect(driver.externalStatements).toBe(MARIADB_EXTERNAL_STATEMENTS);
  });
});
