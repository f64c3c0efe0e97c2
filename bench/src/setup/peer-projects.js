import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMigrations, migrationStatements, tableName } from '../lib/shapes.js';
import { POSTGRES } from '../lib/services.js';

/**
 * The migration files of the peer tools, written from the bench's one generator (lib/shapes.js)
 * in the layout each tool's documentation shows, under `bench/.work/peers/`, outside every timing.
 * Every file name is `<version>_<table>` plus the tool's extension, so the ledgers read alike.
 */

const fileStem = (migration, n) => `${migration.version}_${tableName(n)}`;

/** The generator's options for a dialect: PostgreSQL has no DATETIME. */
const dialectOptions = (dialect) => (dialect === 'postgres' ? { timestamp: 'TIMESTAMPTZ' } : {});

/** `count` migrations of the dialect's shape, each with its 1-based number. */
function numbered(count, dialect) {
  return generateMigrations(count, dialectOptions(dialect)).map((migration, i) => ({ migration, n: i + 1 }));
}

/** `bench/.work/peers/<name>` with an empty `migrations` folder (a measure set up twice writes it again). */
function freshDir(ws, name) {
  const dir = join(ws.root, 'peers', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  return dir;
}

/**
 * The connection part of a knexfile. SQLite: better-sqlite3 with the pragmas our backend sets (WAL,
 * NORMAL, 30 s busy timeout) on every new connection; PostgreSQL: the shared server. The database
 * comes from the environment (BENCH_DATABASE), as knexfiles usually take it.
 */
const KNEX_CONNECTION = {
  sqlite: `client: 'better-sqlite3',
  connection: { filename: process.env.BENCH_DATABASE },
  useNullAsDefault: true,
  pool: {
    afterCreate(db, done) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 30000');
      done(null, db);
    },
  },`,
  postgres: `client: 'pg',
  connection: {
    host: ${JSON.stringify(POSTGRES.host)},
    port: ${POSTGRES.port},
    user: ${JSON.stringify(POSTGRES.user)},
    database: process.env.BENCH_DATABASE,
  },`,
};

/**
 * A CommonJS knex project (what `knex init` and `knex migrate:make` produce): `knexfile.js`, one
 * file per migration that `knex.raw`s the generated statements one by one, and `node_modules/knex`
 * linked to the bench's copy (the knex CLI runs the project's local knex). Per-migration
 * transactions: `disableTransactions` turns off knex's default of one transaction around the whole
 * batch, and `config.transaction` turns one on again for each migration.
 */
export function writeKnexProject(ws, { dialect, count }) {
  const dir = freshDir(ws, `knex-${dialect}-${count}`);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, type: 'commonjs' })}\n`);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(realpathSync(join(ws.benchRoot, 'node_modules', 'knex')), join(dir, 'node_modules', 'knex'), 'dir');
  writeFileSync(
    join(dir, 'knexfile.js'),
    `module.exports = {
  ${KNEX_CONNECTION[dialect]}
  migrations: { directory: require('node:path').join(__dirname, 'migrations'), disableTransactions: true },
};
`,
  );
  for (const { migration, n } of numbered(count, dialect)) {
    const { up, down } = migrationStatements(n, dialectOptions(dialect));
    const calls = (statements) => statements.map((sql) => `  await knex.raw(${JSON.stringify(sql)});`).join('\n');
    writeFileSync(
      join(dir, 'migrations', `${fileStem(migration, n)}.js`),
      `// ${migration.description}\nexports.config = { transaction: true };\n\n` +
        `exports.up = async (knex) => {\n${calls(up)}\n};\n\nexports.down = async (knex) => {\n${calls(down)}\n};\n`,
    );
  }
  return dir;
}

/** umzug's documented SQL layout: `<name>.up.sql` (the glob) beside `<name>.down.sql`. */
export function writeUmzugMigrations(ws, { count }) {
  const dir = freshDir(ws, `umzug-sqlite-${count}`);
  for (const { migration, n } of numbered(count, 'sqlite')) {
    writeFileSync(join(dir, 'migrations', `${fileStem(migration, n)}.up.sql`), `${migration.up}\n`);
    writeFileSync(join(dir, 'migrations', `${fileStem(migration, n)}.down.sql`), `${migration.down}\n`);
  }
  return join(dir, 'migrations');
}

/** node-pg-migrate's SQL migrations: one file each, `-- Up Migration` then `-- Down Migration`. */
export function writePgMigrateMigrations(ws, { count }) {
  const dir = freshDir(ws, `node-pg-migrate-${count}`);
  for (const { migration, n } of numbered(count, 'postgres')) {
    writeFileSync(
      join(dir, 'migrations', `${fileStem(migration, n)}.sql`),
      `-- Up Migration\n${migration.up}\n\n-- Down Migration\n${migration.down}\n`,
    );
  }
  return join(dir, 'migrations');
}
