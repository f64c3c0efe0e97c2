import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ErrorCode,
  type Migration,
  configuredMigrations,
  isInferError,
  migrationFiles,
  readMigrationsDirectory,
} from '../src/index.js';
import { tempTree } from './helpers.js';

const fifos: string[] = [];
const servers: Server[] = [];

afterEach(async () => {
  // A reader still waiting to open a FIFO (the bug this file guards against) is let go by a writer.
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is waiting to read it.
    }
  }
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

function mkfifo(path: string): void {
  expect(spawnSync('mkfifo', [path]).status, 'mkfifo').toBe(0);
  fifos.push(path);
}

/** Fails instead of waiting for ever: the read must end within `ms`. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`still reading after ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('readMigrationsDirectory: regular files only', () => {
  it('skips a FIFO named like a migration with a warning, without waiting for a writer', async () => {
    const dir = tempTree({ '004_a.up.sql': 'CREATE TABLE a (x TEXT);\n' });
    mkfifo(join(dir, '005_x.up.sql'));
    const started = performance.now();
    const read = await within(5000, readMigrationsDirectory(dir));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(read.migrations.map((m) => m.version)).toEqual(['004']);
    expect(read.skipped).toEqual([
      {
        path: join(dir, '005_x.up.sql'),
        rule: 'file-type',
        message:
          `${join(dir, '005_x.up.sql')} is named like a migration but is a FIFO (named pipe), not a regular file, ` +
          'so it is skipped; replace it with a regular file or remove it',
      },
    ]);
  });

  it('skips a socket, a device, a dangling link and a link to a FIFO; follows a link to a regular file', async () => {
    const dir = tempTree({ 'elsewhere/real.sql': 'CREATE TABLE linked (x TEXT);\n' });
    const socket = join(dir, '004_socket.up.sql');
    const server = createServer();
    servers.push(server);
    await new Promise<void>((done) => server.listen(socket, done));
    symlinkSync('/dev/null', join(dir, '005_device.up.sql'));
    symlinkSync(join(dir, 'nowhere.sql'), join(dir, '006_dangling.up.sql'));
    mkfifo(join(dir, 'elsewhere', 'pipe'));
    symlinkSync(join(dir, 'elsewhere', 'pipe'), join(dir, '007_pipe.up.sql'));
    symlinkSync(join(dir, 'elsewhere', 'real.sql'), join(dir, '008_linked.up.sql'));

    const read = await within(5000, readMigrationsDirectory(dir));
    expect(read.migrations).toEqual([{ version: '008', description: 'linked', up: 'CREATE TABLE linked (x TEXT);\n' }]);
    expect(
      read.skipped.map((entry) => [
        entry.path.slice(dir.length + 1),
        entry.rule,
        /but (is [^,]*),/.exec(entry.message)?.[1],
      ]),
    ).toEqual([
      ['004_socket.up.sql', 'file-type', 'is a socket'],
      ['005_device.up.sql', 'file-type', 'is a character device'],
      ['006_dangling.up.sql', 'file-type', 'is a symbolic link to nothing (its target does not exist)'],
      ['007_pipe.up.sql', 'file-type', 'is a FIFO (named pipe)'],
    ]);
  });

  it('follows no link out of the directory: a cloned repository cannot read ~/.pgpass as a migration', async () => {
    const secrets = tempTree({ '.pgpass': 'db.example:5432:*:me:Secret-Pw\n' });
    const dir = tempTree({ 'sub/inside.sql': 'CREATE TABLE inside (x TEXT);\n' });
    symlinkSync(join(secrets, '.pgpass'), join(dir, '004_pgpass.up.sql'));
    symlinkSync(join(dir, 'sub', 'inside.sql'), join(dir, '005_inside.up.sql'));
    const read = await readMigrationsDirectory(dir);
    expect(read.migrations.map((m) => m.version)).toEqual(['005']);
    expect(read.skipped.map((entry) => [entry.path.slice(dir.length + 1), entry.rule])).toEqual([
      ['004_pgpass.up.sql', 'file-type'],
    ]);
    expect(read.skipped[0]!.message).toContain(
      'is a symbolic link to a file outside the migrations directory, so it is skipped',
    );
    expect(JSON.stringify(read)).not.toContain('Secret-Pw');
  });

  it('warns about hidden entries and directories named like a migration; other such entries stay silent', async () => {
    const dir = tempTree({
      '.004_hidden.up.sql': 'CREATE TABLE h (x TEXT);\n',
      '.gitkeep': '',
      'drafts/notes.txt': '',
      'notes.md': '',
    });
    mkdirSync(join(dir, '005_folder.up.sql'));
    mkdirSync(join(dir, '.006_hidden_folder.down.sql'));
    const read = await readMigrationsDirectory(dir);
    expect(read.migrations).toEqual([]);
    expect(read.skipped.map((entry) => [entry.path.slice(dir.length + 1), entry.rule])).toEqual([
      ['.004_hidden.up.sql', 'file-name'],
      ['.006_hidden_folder.down.sql', 'file-name'],
      ['005_folder.up.sql', 'file-type'],
      ['notes.md', 'file-name'],
    ]);
    expect(read.skipped[0]!.message).toMatch(
      new RegExp(
        /\.004_hidden\.up\.sql is named like a migration but hidden \(its name starts with a dot\), so it /.source +
          /is skipped; remove the dot/.source,
      ),
    );
    expect(read.skipped[2]!.message).toMatch(
      /005_folder\.up\.sql is named like a migration but is a directory, not a regular file/,
    );
  });

  it('prints a file name with control characters escaped', async () => {
    const dir = tempTree({ 'evil\u001b[2J.sql': '' });
    const [entry] = (await readMigrationsDirectory(dir)).skipped;
    expect(entry!.path).toBe(join(dir, 'evil\u001b[2J.sql'));
    expect(entry!.message).toBe(
      `${join(dir, 'evil\\e[2J.sql')} is not named like a migration (004_add_tags.up.sql, ` +
        '004_add_tags.down.sql), so it is ignored; rename it if it is one',
    );
  });
});

describe('configuredMigrations: the one list a configuration runs', () => {
  const shipped: Migration[] = [
    { version: '002', description: 'Shipped second', up: 'CREATE TABLE b (x TEXT);' },
    { version: '001', description: 'Shipped first', up: 'CREATE TABLE a (x TEXT);' },
  ];

  it("is the backend's migrations, then migrations_dir/<type>'s, with the directory's skipped entries", async () => {
    const dir = tempTree({
      'sqlite/010_tags.up.sql': 'CREATE TABLE tags (x TEXT);\n',
      'sqlite/notes.md': '',
      'postgres/010_other.up.sql': 'CREATE TABLE other (x TEXT);\n',
    });
    const configured = await configuredMigrations({
      type: 'sqlite',
      descriptor: { migrations: shipped },
      migrationsDir: dir,
    });
    expect(configured.all.map((m) => m.version)).toEqual(['002', '001', '010']);
    expect(configured.application.map((m) => m.description)).toEqual(['tags']);
    expect(configured.skipped.map((entry) => entry.path)).toEqual([join(dir, 'sqlite', 'notes.md')]);
  });

  it('reads no directory when none is configured, and has no shipped ones for a backend without a schema', async () => {
    expect(await configuredMigrations({ type: 'sqlite', descriptor: { migrations: shipped } })).toEqual({
      all: shipped,
      application: [],
      skipped: [],
    });
    const dir = tempTree({ 'memory/001_own.up.sql': 'CREATE TABLE own (x TEXT);\n' });
    const none = await configuredMigrations({ type: 'memory', descriptor: { migrations: 'none' }, migrationsDir: dir });
    expect(none.all.map((m) => m.version)).toEqual(['001']);
    expect(none.application).toEqual(none.all);
  });
});

describe('migrationFiles: the name is one printable line', () => {
  it.each([
    ['a newline', 'add\ntags', 'add\\ntags', 'U+000A'],
    ['a carriage return', 'add tags\r', 'add tags\\r', 'U+000D'],
    ['ESC', 'x\u001b[2J', 'x\\e[2J', 'U+001B'],
    ['NUL', 'a\u0000b', 'a\\x00b', 'U+0000'],
    ['a line separator', 'a\u2028b', 'a\\u{2028}b', 'U+2028'],
    ['a right-to-left override', 'a\u202Eb', 'a\\u{202e}b', 'U+202E'],
  ])('refuses %s, printing the name escaped', (_, name, shown, code) => {
    let error: unknown;
    try {
      migrationFiles('004', name, 'SQLite');
    } catch (caught) {
      error = caught;
    }
    expect(isInferError(error) && error.code).toBe(ErrorCode.MigrationDefinition);
    expect((error as Error).message).toBe(
      `the migration name "${shown}" holds a control character or line break (${code}); nothing was written`,
    );
  });

  it('accepts letters of any script, digits, spaces and punctuation', () => {
    expect(migrationFiles('004', 'Add tags, and notes — für Ärzte', 'SQLite').up).toContain(
      '-- infer: description=Add tags, and notes — für Ärzte\n',
    );
  });
});

describe('the files migrate create writes', () => {
  it('keep the name on the directive line', () => {
    const dir = tempTree();
    const files = migrationFiles('004', 'add tags', 'SQLite');
    writeFileSync(join(dir, `${files.base}.up.sql`), files.up);
    return expect(readMigrationsDirectory(dir).then((read) => read.migrations[0]?.description)).resolves.toBe(
      'add tags',
    );
  });
});
