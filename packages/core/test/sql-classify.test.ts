import { describe, expect, it } from 'vitest';
import { type SqlDialect, classifyStatement, splitStatements } from '../src/sql/index.js';

const destructive = (sql: string, dialect: SqlDialect = 'postgres') => classifyStatement(sql, dialect).destructive;
const nonTransactional = (sql: string, dialect: SqlDialect = 'postgres') =>
  classifyStatement(sql, dialect).nonTransactional;
const creates = (sql: string, dialect: SqlDialect = 'postgres') => classifyStatement(sql, dialect).createsTables;

describe('classifyStatement: destructive', () => {
  it.each([
    ['DROP TABLE users', /DROP TABLE/],
    ['drop table if exists app.users cascade', /DROP TABLE/],
    ['DROP VIEW active_users', /DROP VIEW/],
    ['DROP SCHEMA app CASCADE', /DROP SCHEMA/],
    ['DROP DATABASE app', /DROP DATABASE/],
    ['ALTER TABLE users DROP COLUMN email', /DROP COLUMN/],
    ['ALTER TABLE users DROP email', /DROP COLUMN/],
    ['ALTER TABLE IF EXISTS ONLY app.users ADD COLUMN a INT, DROP COLUMN IF EXISTS b', /DROP COLUMN/],
    ['ALTER TABLE users DROP "index"', /DROP COLUMN/],
    ['ALTER TABLE users RENAME TO people', /RENAME/],
    ['ALTER TABLE users RENAME COLUMN email TO mail', /RENAME/],
    ['ALTER TABLE users RENAME email TO mail', /RENAME/],
    ['TRUNCATE users', /TRUNCATE/],
    ['TRUNCATE TABLE users RESTART IDENTITY', /TRUNCATE/],
    ['DELETE FROM users', /DELETE without WHERE/],
    ['DELETE FROM users USING (SELECT id FROM old WHERE gone) o', /DELETE without WHERE/],
    ['WITH old AS (SELECT id FROM t WHERE x) DELETE FROM users', /DELETE without WHERE/],
    ['WITH gone AS (DELETE FROM t RETURNING id) SELECT * FROM gone WHERE true', /DELETE without WHERE/],
    ['/* DROP INDEX i */ DROP TABLE users', /DROP TABLE/],
  ])('flags %s', (sql, reason) => {
    expect(destructive(sql)).toMatch(reason);
  });

  it.each([
    ['MySQL RENAME TABLE', 'RENAME TABLE a TO b', 'mysql', /RENAME TABLE/],
    ['MySQL DROP without COLUMN', 'ALTER TABLE t DROP c, ADD d INT', 'mysql', /DROP COLUMN/],
    ['MySQL DROP PARTITION', 'ALTER TABLE t DROP PARTITION p2019', 'mysql', /DROP PARTITION/],
    ['MySQL DROP TABLE after a # comment', '# the old table\nDROP TABLE t', 'mysql', /DROP TABLE/],
    ['SQLite DROP COLUMN', 'ALTER TABLE t DROP COLUMN c', 'sqlite', /DROP COLUMN/],
    ['SQLite quoted DROP TABLE', 'DROP TABLE [my table]', 'sqlite', /DROP TABLE/],
  ] as const)('flags %s', (_, sql, dialect, reason) => {
    expect(destructive(sql, dialect)).toMatch(reason);
  });

  it.each([
    'DROP INDEX users_email',
    'DROP INDEX CONCURRENTLY IF EXISTS users_email',
    'DELETE FROM users WHERE id = 1',
    'delete from users where expired',
    'WITH old AS (SELECT id FROM t) DELETE FROM users WHERE id IN (SELECT id FROM old)',
    'WITH gone AS (DELETE FROM t WHERE old RETURNING id) SELECT * FROM gone',
    'ALTER TABLE users DROP CONSTRAINT users_email_key',
    'ALTER TABLE users ALTER COLUMN email DROP NOT NULL',
    'ALTER TABLE users ALTER COLUMN email DROP DEFAULT, ADD COLUMN drop_at INT',
    'ALTER TABLE users RENAME CONSTRAINT a TO b',
    'ALTER TABLE users ADD COLUMN note TEXT',
    'ALTER INDEX i RENAME TO j',
    'CREATE TABLE drop_table (x INT)',
    "INSERT INTO log VALUES ('DROP TABLE users; TRUNCATE x')",
    '-- DROP TABLE users\nSELECT 1',
    'UPDATE users SET "delete" = 1',
    'SELECT * FROM "DROP"',
  ])('does not flag %s', (sql) => {
    expect(destructive(sql)).toBeUndefined();
  });

  it.each([
    ['MySQL DROP INDEX', 'ALTER TABLE t DROP INDEX i, DROP FOREIGN KEY fk, DROP PRIMARY KEY', 'mysql'],
    ['MySQL RENAME INDEX', 'ALTER TABLE t RENAME INDEX a TO b', 'mysql'],
    ['MySQL # comment', '# DROP TABLE t\nSELECT 1', 'mysql'],
    ['SQLite DROP TRIGGER', 'DROP TRIGGER tr', 'sqlite'],
  ] as const)('does not flag %s', (_, sql, dialect) => {
    expect(destructive(sql, dialect)).toBeUndefined();
  });
});

describe('classifyStatement: nonTransactional', () => {
  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (a)', /CREATE INDEX CONCURRENTLY/],
    ['create unique index concurrently if not exists i on t (a)', /CREATE INDEX CONCURRENTLY/],
    ['DROP INDEX CONCURRENTLY i', /DROP INDEX CONCURRENTLY/],
    ['REINDEX INDEX CONCURRENTLY i', /REINDEX … CONCURRENTLY/],
    ['REINDEX (VERBOSE, CONCURRENTLY) TABLE t', /REINDEX … CONCURRENTLY/],
    ['REINDEX SCHEMA app', /REINDEX SCHEMA/],
    ['REINDEX (VERBOSE) DATABASE app', /REINDEX DATABASE/],
    ['VACUUM', /VACUUM/],
    ['VACUUM (ANALYZE) users', /VACUUM/],
    ['CREATE DATABASE app', /CREATE DATABASE/],
    ['DROP DATABASE app', /DROP DATABASE/],
    ['ALTER SYSTEM SET work_mem = 1024', /ALTER SYSTEM/],
    ["CREATE TABLESPACE fast LOCATION '/ssd'", /CREATE TABLESPACE/],
    ['DROP TABLESPACE fast', /DROP TABLESPACE/],
  ])('flags %s on PostgreSQL', (sql, reason) => {
    expect(nonTransactional(sql)).toMatch(reason);
  });

  it.each([
    'CREATE INDEX i ON t (a)',
    'CREATE UNIQUE INDEX i ON t (a)',
    'CREATE INDEX concurrently_idx ON t (a)',
    'DROP INDEX i',
    'REINDEX TABLE t',
    'ANALYZE t',
    'CREATE TABLE t (a INT)',
    "ALTER DATABASE app SET timezone = 'UTC'",
    '/* VACUUM */ SELECT 1',
    "INSERT INTO jobs VALUES ('VACUUM')",
  ])('does not flag %s on PostgreSQL', (sql) => {
    expect(nonTransactional(sql)).toBeUndefined();
  });

  it('flags VACUUM on SQLite and nothing on MySQL', () => {
    expect(nonTransactional('VACUUM', 'sqlite')).toMatch(/VACUUM/);
    expect(nonTransactional("VACUUM INTO '/tmp/copy.db'", 'sqlite')).toMatch(/VACUUM/);
    expect(nonTransactional('CREATE INDEX i ON t (a)', 'sqlite')).toBeUndefined();
    expect(nonTransactional('CREATE INDEX CONCURRENTLY i ON t (a)', 'sqlite')).toBeUndefined();
    expect(nonTransactional('CREATE DATABASE app', 'mysql')).toBeUndefined();
    expect(nonTransactional('ALTER TABLE t ADD COLUMN a INT', 'mysql')).toBeUndefined();
  });
});

describe('classifyStatement: createsTables', () => {
  it.each([
    ['CREATE TABLE users (id INT)', 'postgres', ['users']],
    ['create table if not exists Users (id int)', 'postgres', ['Users']],
    ['CREATE TABLE app.users (id INT)', 'postgres', ['app.users']],
    ['CREATE TABLE "app"."User ""Data""" (id INT)', 'postgres', ['app.User "Data"']],
    ['CREATE UNLOGGED TABLE cache (k TEXT)', 'postgres', ['cache']],
    ['CREATE TABLE copy AS SELECT * FROM users', 'postgres', ['copy']],
    ['CREATE TABLE `order` (id INT)', 'mysql', ['order']],
    ['CREATE TABLE IF NOT EXISTS [my table] (id)', 'sqlite', ['my table']],
    ['CREATE VIRTUAL TABLE docs USING fts5(body)', 'sqlite', ['docs']],
    ['-- CREATE TABLE x (a)\nCREATE TABLE y (a)', 'sqlite', ['y']],
  ] as const)('%s creates %j', (sql, dialect, tables) => {
    expect(creates(sql, dialect)).toEqual(tables);
  });

  it.each([
    'CREATE TEMP TABLE scratch (id INT)',
    'CREATE TEMPORARY TABLE scratch (id INT)',
    'CREATE INDEX users_table ON users (id)',
    'CREATE VIEW v AS SELECT 1',
    'ALTER TABLE users ADD COLUMN a INT',
    'DROP TABLE users',
    "INSERT INTO t VALUES ('CREATE TABLE x (a)')",
  ])('%s creates none', (sql) => {
    expect(creates(sql)).toEqual([]);
  });

  it('takes a statement as splitStatements returns it', () => {
    const [create, drop] = splitStatements('-- users\nCREATE TABLE users (id INT);\nDROP TABLE old;', 'sqlite');
    expect(classifyStatement(create!, 'sqlite')).toEqual({
      destructive: undefined,
      nonTransactional: undefined,
      createsTables: ['users'],
      lockHazards: [],
    });
    expect(classifyStatement(drop!, 'sqlite')).toEqual({
      destructive: 'DROP TABLE deletes a table and its rows',
      nonTransactional: undefined,
      createsTables: [],
      lockHazards: [],
    });
  });
});
