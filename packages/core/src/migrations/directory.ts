import type { Dirent } from 'node:fs';
import { fsPromises } from '../files/lazy-fs.js';
import { join } from 'node:path';
import { MigrationDefinitionError } from './errors.js';
import type { BackendDescriptor } from '../contract/descriptor.js';
import type { Migration } from './migration.js';
import { UNPRINTABLE, printable } from '../text/printable.js';
import { type SkippedEntry, readRegularFile, skippedEntry } from './regular-file.js';
import { mergeMigrations } from './merge.js';

export type { SkippedEntry };

/** `004_add_tags.up.sql` / `004_add_tags.down.sql` */
const FILE = /^(\d+)_([A-Za-z0-9][A-Za-z0-9_-]*)\.(up|down)\.sql$/;
/**
 * `-- infer: description=Add tags, transaction=false, destructive=true, external=true, blocking=true, strict=true,
 * statement_timeout=30` on any line of the up file.
 */
const DIRECTIVE = /^--\s*infer:\s*(.+)$/m;

/** What a migrations directory holds. */
export interface MigrationsDirectory {
  readonly migrations: Migration[];
  /**
   * Entries that were not read, each a warning: files not named like a migration
   * (`004_add_tags.up.sql`), and, named like one, hidden entries, directories and anything that is
   * not a regular file (a FIFO, socket, device, dangling symbolic link). Hidden files and
   * directories with other names are left alone silently.
   */
  readonly skipped: SkippedEntry[];
}

/**
 * An application's migrations from one directory: a pair of SQL files per version, as
 * `infer migrate create` writes them. A missing directory holds none. Only regular files (or
 * symbolic links to one) are read, so a FIFO named like a migration cannot make a command wait.
 * The description is the name with spaces unless a directive gives one; directives also set
 * `transaction`, `destructive`, `external`, `blocking`, `strict` and `statementTimeout`
 * (`statement_timeout`, seconds).
 */
export async function readMigrationsDirectory(directory: string): Promise<MigrationsDirectory> {
  let entries: Dirent[];
  try {
    entries = await fsPromises().readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { migrations: [], skipped: [] };
    throw error;
  }
  const files = new Map<string, { version: string; name: string; up?: string; down?: string }>();
  const skipped: SkippedEntry[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(directory, entry.name);
    const hidden = entry.name.startsWith('.');
    const match = FILE.exec(hidden ? entry.name.replace(/^\.+/, '') : entry.name);
    if (!match) {
      if (!hidden && !entry.isDirectory()) skipped.push(misnamed(path));
      continue;
    }
    if (hidden) {
      skipped.push(
        skippedEntry(
          path,
          'file-name',
          'is named like a migration but hidden (its name starts with a dot), so it is skipped; remove the dot ' +
            'if it is one',
        ),
      );
      continue;
    }
    const text = await readRegularFile(path, entry, directory);
    if (typeof text !== 'string') {
      skipped.push(text);
      continue;
    }
    const [, version, name, direction] = match as unknown as [string, string, string, 'up' | 'down'];
    const key = `${version}_${name}`;
    const pair = files.get(key) ?? { version, name };
    pair[direction] = text;
    files.set(key, pair);
  }
  const migrations = [...files.values()].map((entry) => {
    if (entry.up === undefined) {
      throw new MigrationDefinitionError(
        `${join(directory, `${entry.version}_${entry.name}.down.sql`)} has no up file`,
        {
          hint: `add ${entry.version}_${entry.name}.up.sql next to it, or remove the down file`,
        },
      );
    }
    return {
      version: entry.version,
      ...directives(entry.up, entry.name, join(directory, `${entry.version}_${entry.name}.up.sql`)),
      up: entry.up,
      ...(entry.down === undefined ? {} : { down: entry.down }),
    };
  });
  return { migrations, skipped };
}

function misnamed(path: string): SkippedEntry {
  return skippedEntry(
    path,
    'file-name',
    'is not named like a migration (004_add_tags.up.sql, 004_add_tags.down.sql), so it is ignored; rename it ' +
      'if it is one',
  );
}

/** Every migration a configuration runs (see {@link configuredMigrations}). */
export interface ConfiguredMigrations {
  /** The backend's shipped migrations, then the application's: the list a `Migrator` checks and runs. */
  readonly all: readonly Migration[];
  /** The application's own, from `storage.migrations_dir/<type>`: what `OpenOptions.migrations` takes. */
  readonly application: readonly Migration[];
  /** Entries of the application's directory that were not read: misnamed, hidden, not regular files. */
  readonly skipped: readonly SkippedEntry[];
}

/**
 * The migrations of a configuration (a `StorageConfig`, or another storage type of it): the
 * backend's shipped ones, then the application's from `storage.migrations_dir/<type>` (none when no
 * directory is configured), as one list. Every path that migrates or opens the backend uses it, so
 * that none sees the application's applied versions as unknown. Reads the directory, so a command
 * calls it once, and only when it migrates or opens the backend.
 */
export async function configuredMigrations(config: {
  readonly type: string;
  readonly descriptor: Pick<BackendDescriptor, 'migrations'>;
  readonly migrationsDir?: string;
}): Promise<ConfiguredMigrations> {
  const { migrations: application, skipped } =
    config.migrationsDir === undefined
      ? { migrations: [], skipped: [] }
      : await readMigrationsDirectory(join(config.migrationsDir, config.type));
  return { all: mergeMigrations(config.descriptor.migrations, application), application, skipped };
}

function directives(
  up: string,
  name: string,
  path: string,
): Pick<
  Migration,
  'description' | 'transaction' | 'destructive' | 'external' | 'blocking' | 'strict' | 'statementTimeout'
> {
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
    ...(settings.get('external') === 'true' ? { external: true } : {}),
    ...(settings.get('blocking') === 'true' ? { blocking: true } : {}),
    ...(settings.get('strict') === 'true' ? { strict: true } : {}),
    ...statementTimeout(settings.get('statement_timeout'), path),
  };
}

/** `statement_timeout=<seconds>`: a number above 0; anything else is refused, naming the file. */
function statementTimeout(value: string | undefined, path: string): Pick<Migration, 'statementTimeout'> {
  if (value === undefined) return {};
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (seconds > 0) return { statementTimeout: seconds };
  throw new MigrationDefinitionError(
    `${path}: statement_timeout=${printable(value)} is not a number of seconds above 0`,
    { hint: 'write the seconds a statement may run, e.g. statement_timeout=30, or leave it out for no limit' },
  );
}

/** The next version after every given one, zero-padded to at least three digits (`004`). */
export function nextVersion(migrations: readonly Migration[]): string {
  const highest = migrations.reduce((max, m) => (BigInt(m.version) > max ? BigInt(m.version) : max), 0n);
  return String(highest + 1n).padStart(3, '0');
}

/**
 * The two files `infer migrate create` writes. A name with a control character or a line break is
 * refused: it is written into the up file's directive line, where a newline would start a line of
 * SQL of its own.
 */
export function migrationFiles(
  version: string,
  name: string,
  dialect: string,
): { up: string; down: string; base: string } {
  const forbidden = UNPRINTABLE.exec(name);
  if (forbidden) {
    const code = `U+${forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new MigrationDefinitionError(
      `the migration name "${printable(name)}" holds a control character or line break (${code}); nothing was written`,
      {
        hint: 'name the migration on one line with letters, digits and spaces, e.g. "add tags"',
      },
    );
  }
  const slug = name
    .trim()
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '_')
    .replaceAll(/^_|_$/g, '');
  if (slug === '')
    throw new MigrationDefinitionError(`"${name}" makes no file name`, {
      hint: 'name the migration with letters or digits, e.g. "add tags"',
    });
  const base = `${version}_${slug}`;
  const header =
    `-- infer: description=${name.trim()}\n-- ${dialect} migration ${version}. Options on the line above: ` +
    'transaction=false, destructive=true, external=true, blocking=true, strict=true, statement_timeout=<seconds>.\n';
  return {
    base,
    up: `${header}\n-- Write the ${dialect} statements that apply this change here.\n`,
    down: `-- Reverts ${version} (${name.trim()}): write the ${dialect} statements that undo the up file here.\n`,
  };
}
