import type { Dirent } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationDefinitionError } from './errors.js';
import type { Migration } from './migration.js';

/** `004_add_tags.up.sql` / `004_add_tags.down.sql` */
const FILE = /^(\d+)_([A-Za-z0-9][A-Za-z0-9_-]*)\.(up|down)\.sql$/;
/** `-- infer: description=Add tags, transaction=false, destructive=true` on any line of the up file. */
const DIRECTIVE = /^--\s*infer:\s*(.+)$/m;

/** What a migrations directory holds. */
export interface MigrationsDirectory {
  readonly migrations: Migration[];
  /** Paths of files that are not named like a migration (`004_add_tags.up.sql`), so were not read; hidden files aside. */
  readonly ignored: string[];
}

/**
 * An application's migrations from one directory: a pair of SQL files per version, as
 * `infer migrate create` writes them. A missing directory holds none. The description is the
 * name with spaces unless a directive gives one; directives also set `transaction` and `destructive`.
 */
export async function readMigrationsDirectory(directory: string): Promise<MigrationsDirectory> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { migrations: [], ignored: [] };
    throw error;
  }
  const files = new Map<string, { version: string; name: string; up?: string; down?: string }>();
  const ignored: string[] = [];
  for (const file of entries.filter((entry) => !entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort()) {
    const match = FILE.exec(file);
    if (!match) {
      ignored.push(join(directory, file));
      continue;
    }
    const [, version, name, direction] = match as unknown as [string, string, string, 'up' | 'down'];
    const key = `${version}_${name}`;
    const entry = files.get(key) ?? { version, name };
    entry[direction] = await readFile(join(directory, file), 'utf8');
    files.set(key, entry);
  }
  const migrations = [...files.values()].map((entry) => {
    if (entry.up === undefined) {
      throw new MigrationDefinitionError(`${join(directory, `${entry.version}_${entry.name}.down.sql`)} has no up file`, {
        hint: `add ${entry.version}_${entry.name}.up.sql next to it, or remove the down file`,
      });
    }
    return { version: entry.version, ...directives(entry.up, entry.name), up: entry.up, ...(entry.down === undefined ? {} : { down: entry.down }) };
  });
  return { migrations, ignored };
}

/**
 * The application's migrations for the configured storage type: `storage.migrations_dir/<type>`,
 * none when no directory is configured. Every path that migrates or opens the backend uses them, so
 * that none sees the application's applied versions as unknown.
 */
export function configuredMigrations(config: { readonly migrationsDir?: string; readonly type: string }): Promise<MigrationsDirectory> {
  return config.migrationsDir === undefined ? Promise.resolve({ migrations: [], ignored: [] }) : readMigrationsDirectory(join(config.migrationsDir, config.type));
}

function directives(up: string, name: string): Pick<Migration, 'description' | 'transaction' | 'destructive'> {
  const settings = new Map<string, string>();
  const line = DIRECTIVE.exec(up)?.[1];
  // A comma starts the next option only when one follows (`key=`): descriptions may hold commas.
  for (const part of line?.split(/,\s*(?=[a-z_]+=)/) ?? []) {
    const [key, ...value] = part.split('=');
    if (key) settings.set(key.trim(), value.join('=').trim());
  }
  return {
    description: settings.get('description') || name.replaceAll(/[_-]+/g, ' '),
    ...(settings.get('transaction') === 'false' ? { transaction: false } : {}),
    ...(settings.get('destructive') === 'true' ? { destructive: true } : {}),
  };
}

/** The next version after every given one, zero-padded to at least three digits (`004`). */
export function nextVersion(migrations: readonly Migration[]): string {
  const highest = migrations.reduce((max, m) => (BigInt(m.version) > max ? BigInt(m.version) : max), 0n);
  return String(highest + 1n).padStart(3, '0');
}

/** The two files `infer migrate create` writes. */
export function migrationFiles(version: string, name: string, dialect: string): { up: string; down: string; base: string } {
  const slug = name.trim().toLowerCase().replaceAll(/[^a-z0-9]+/g, '_').replaceAll(/^_|_$/g, '');
  if (slug === '') throw new MigrationDefinitionError(`"${name}" makes no file name`, { hint: 'name the migration with letters or digits, e.g. "add tags"' });
  const base = `${version}_${slug}`;
  const header = `-- infer: description=${name.trim()}\n-- ${dialect} migration ${version}. Options on the line above: transaction=false, destructive=true.\n`;
  return {
    base,
    up: `${header}\n-- Write the ${dialect} statements that apply this change here.\n`,
    down: `-- Reverts ${version} (${name.trim()}): write the ${dialect} statements that undo the up file here.\n`,
  };
}
