import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A path in a new temporary directory; the file does not exist yet. */
export function tempDatabasePath(name = 'conversations.db'): string {
  return join(mkdtempSync(join(tmpdir(), 'infer-sqlite-')), name);
}
