/**
 * The generated migrations every measure uses: one table of five columns plus one index each,
 * so that the engine and its floor run the same SQL. PostgreSQL has no DATETIME: its measures
 * pass `{ timestamp: 'TIMESTAMPTZ' }`, the shape is otherwise the same.
 */
export function tableName(n) {
  return `t_${String(n).padStart(4, '0')}`;
}

export function generateMigrations(count, { timestamp = 'DATETIME' } = {}) {
  const migrations = [];
  for (let n = 1; n <= count; n++) {
    const table = tableName(n);
    migrations.push({
      version: String(n).padStart(4, '0'),
      description: `bench table ${table}`,
      up: `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value REAL, created_at ${timestamp} NOT NULL, note TEXT);
CREATE INDEX idx_${table}_created_at ON ${table}(created_at);`,
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

/** The ledger exactly as @infer/backend-postgres creates it (migration-driver.ts, CREATE_LEDGER). */
export const CREATE_PG_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version);
`;

/** The connection settings of @infer/backend-sqlite (connection.ts). */
export const BUSY_TIMEOUT_MS = 30_000;
