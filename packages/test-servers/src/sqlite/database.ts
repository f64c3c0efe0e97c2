import Database from 'better-sqlite3';

/** better-sqlite3, the driver of the SQLite backend: for looking at or preparing a database file directly. */
export { Database };

/** Runs SQL on a database file behind the backend's or the CLI's back (to damage it, or to set up a case). */
export function execSql(db: string, statement: string): void {
  const conn = new Database(db);
  try {
    conn.exec(statement);
  } finally {
    conn.close();
  }
}
