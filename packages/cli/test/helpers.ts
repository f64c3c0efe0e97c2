import { Database } from '@infer/test-servers/sqlite';

/** The ledger of a SQLite database file, read behind the CLI's back. */
export function ledgerOf(db: string): { version: string; description: string }[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare('SELECT version, description FROM schema_migrations ORDER BY version').all() as {
      version: string;
      description: string;
    }[];
  } finally {
    conn.close();
  }
}

/** The tables of a SQLite database file, by name. */
export function tablesOf(db: string): string[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const rows = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[];
    return rows.map((row) => row.name);
  } finally {
    conn.close();
  }
}
