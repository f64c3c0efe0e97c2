import { createHash } from 'node:crypto';

/**
 * The generated migrations every measure uses: one table of five columns plus one index each,
 * with a down that drops the table, so that the engine, its floor and the peer tools run the same
 * SQL. PostgreSQL has no DATETIME: its measures pass `{ timestamp: 'TIMESTAMPTZ' }`, the shape is
 * otherwise the same.
 */
export function tableName(n) {
  return `t_${String(n).padStart(4, '0')}`;
}

/**
 * The statements of generated migration n, each without its `;`: `up` (the table, then its index)
 * and `down`. Tools that run one statement per call (knex on better-sqlite3) take them one by one;
 * the others get the texts of generateMigrations, which join them.
 */
export function migrationStatements(n, { timestamp = 'DATETIME' } = {}) {
  const table = tableName(n);
  return {
    up: [
      `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value REAL, created_at ${timestamp} ` +
        'NOT NULL, note TEXT)',
      `CREATE INDEX idx_${table}_created_at ON ${table}(created_at)`,
    ],
    down: [`DROP TABLE ${table}`],
  };
}

const sqlText = (statements) => statements.map((statement) => `${statement};`).join('\n');

export function generateMigrations(count, options = {}) {
  const migrations = [];
  for (let n = 1; n <= count; n++) {
    const { up, down } = migrationStatements(n, options);
    migrations.push({
      version: String(n).padStart(4, '0'),
      description: `bench table ${tableName(n)}`,
      up: sqlText(up),
      down: sqlText(down),
    });
  }
  return migrations;
}

/** The ledger exactly as @infer/backend-sqlite creates it (migration-driver.ts, CREATE_LEDGER). */
export const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at DATETIME NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version);
`;

/** The ledger exactly as @infer/backend-postgres creates it (ledger.ts, CREATE_LEDGER). */
/** The driver's lock key (migration-lock.ts): the first 8 bytes of SHA-256("schema_migrations"), signed. */
export const PG_LOCK_KEY = createHash('sha256').update('schema_migrations').digest().readBigInt64BE(0).toString();

export const CREATE_PG_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version);
`;

/** The ledger table of each tool, as it names it (umzug leaves it to its storage: ours is a table). */
export const LEDGERS = Object.freeze({
  infer: 'schema_migrations',
  knex: 'knex_migrations',
  umzug: 'umzug_migrations',
  nodePgMigrate: 'pgmigrations',
});

/** The connection settings of @infer/backend-sqlite (connection.ts). */
export const BUSY_TIMEOUT_MS = 30_000;
