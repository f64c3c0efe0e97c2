import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Migrator } from '@infer/core';
import { SqliteMigrationDriver } from '@infer/backend-sqlite';
import { lastJson } from '../lib/child-output.js';
import { BATCH_SIZE, CREATE_ITEMS, DOUBLE_ITEMS, FILL_ITEMS, ROWS, SUM_AFTER, SUM_BEFORE } from '../lib/items.js';
import { assertSeeded, mismatch, removeDatabase } from '../lib/ledger.js';

/** Module loading (~100 ms, ours only) is not the data path this measure is about: the children time open to close. */
const TIMING =
  'in-process: from opening the connection to closing it (the run, its commit, the checkpoint on close), the ' +
  "child's own process.hrtime; module loading excluded";

/** Rows, SUM(n) and the ledger of a database, read-only. */
function inspectItems(path) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const { rows, sum } = db.prepare('SELECT count(*) AS rows, sum(n) AS sum FROM items').get();
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all().join(',');
    return { rows, sum, versions };
  } finally {
    db.close();
  }
}

/**
 * The template every run copies: the items table created through the engine (so the ledger is the
 * driver's own, checksum column included) and filled with ROWS rows, its WAL checkpointed away.
 */
async function buildTemplate(path) {
  removeDatabase(path);
  const driver = SqliteMigrationDriver.open(path);
  try {
    await new Migrator({ driver, migrations: [CREATE_ITEMS] }).up();
  } finally {
    await driver.close();
  }
  const db = new Database(path);
  try {
    db.exec(FILL_ITEMS);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  assertSeeded(mismatch(path, inspectItems(path), { rows: ROWS, sum: SUM_BEFORE, versions: CREATE_ITEMS.version }));
}

/** One side: a child script that runs the data migration on a fresh copy of the template. */
function subject(ws, template, label, script, tag) {
  return {
    label,
    command(i) {
      const path = join(ws.root, `data-${tag}-${i < 0 ? `warm${-i}` : i}.db`);
      removeDatabase(path);
      copyFileSync(template, path);
      return { argv: [ws.node, join(ws.childrenDir, script), path], cwd: ws.root, env: ws.env, context: path };
    },
    verify(run, path) {
      const report = lastJson(run.stdout);
      if (report.changed !== ROWS) return `reported ${report.changed} rows changed, expected ${ROWS}`;
      if (report.results?.join(',') !== `${DOUBLE_ITEMS.version}:applied`)
        return `reported ${JSON.stringify(report.results)}, expected ${DOUBLE_ITEMS.version} applied`;
      let actual;
      try {
        actual = inspectItems(path);
      } catch (error) {
        return `cannot inspect ${path}: ${error.message}`;
      }
      // Every n doubled (the sum of 2, 4, ..., 2 * ROWS) and the migration recorded after the first one.
      return mismatch(path, actual, {
        rows: ROWS,
        sum: SUM_AFTER,
        versions: `${CREATE_ITEMS.version},${DOUBLE_ITEMS.version}`,
      });
    },
    cleanup: removeDatabase,
    elapsed: (run) => lastJson(run.stdout).ms,
  };
}

/** A data migration updating 1M rows through the engine, against better-sqlite3 by hand. */
export async function data1mMeasure(ws) {
  const template = join(ws.root, 'data-template.db');
  await buildTemplate(template);
  return {
    id: 'data-1m',
    title:
      `data migration doubling a column of ${ROWS.toLocaleString('en')} rows (Migrator + SqliteMigrationDriver, ` +
      `\`updateInBatches\`, batches of ${BATCH_SIZE}; in-process)`,
    floorTitle:
      'better-sqlite3 by hand: same keyset walk, one UPDATE per row prepared once, one BEGIN IMMEDIATE with ' +
      'the ledger row',
    target: 1.1,
    timing: TIMING,
    a: subject(ws, template, 'engine', 'data-1m-engine.js', 'engine'),
    b: subject(ws, template, 'raw better-sqlite3', 'data-1m-raw.js', 'raw'),
    teardown: async () => removeDatabase(template),
  };
}
