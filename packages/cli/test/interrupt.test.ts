import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conversation } from '@infer/core/testing';
import { type Exit, startNode } from '@infer/test-servers';
import { describe, expect, it } from 'vitest';
import { BIN, type Sandbox, infer, sandbox } from '@infer/test-servers/cli';
import { execSql } from '@infer/test-servers/sqlite';
import { ledgerOf, tablesOf } from './helpers.js';
import { dump, postgresStore, runs, seed, sqliteStore } from './stores.js';

/** Runs the real `infer`, sends it one SIGINT (Ctrl-C) once `ready` says so, and waits for it to end. */
async function interrupted(
  sb: Sandbox,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: (stdout: string) => boolean | Promise<boolean>,
): Promise<Exit> {
  const { child, exit } = startNode([BIN, ...args], { cwd: sb.cwd, env: { ...sb.env, ...env } });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let ended: Exit | undefined;
  void exit.then((end) => (ended = end));
  while (!ended && !(await ready(stdout))) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(ended, `it ended before it could be interrupted: ${ended?.stderr}`).toBeUndefined();
  child.kill('SIGINT');
  return exit;
}

/** 200 application migrations (004 to 203) of some 20 ms each: a run of seconds. */
function slowMigrations(sb: Sandbox): NodeJS.ProcessEnv {
  const dir = join(sb.root, 'migrations');
  mkdirSync(join(dir, 'sqlite'), { recursive: true });
  for (let i = 4; i <= 203; i++) {
    const v = String(i).padStart(3, '0');
    const rows =
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT i, ' +
      'randomblob(50) AS b FROM n';
    writeFileSync(join(dir, 'sqlite', `${v}_step.up.sql`), `CREATE TABLE t${v} AS ${rows};\n`);
    writeFileSync(join(dir, 'sqlite', `${v}_step.down.sql`), `DROP TABLE t${v};\n`);
  }
  return { INFER_STORAGE_MIGRATIONS_DIR: dir };
}

describe('Ctrl-C (SIGINT)', () => {
  it('in infer migrate: one line of how far it got, exit 130, ledger and schema agree; a rerun resumes', async () => {
    const sb = sandbox();
    const env = slowMigrations(sb);
    const run = await interrupted(sb, ['migrate', '--no-backup'], env, (stdout) => stdout.includes('Applied 010'));
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(
      new RegExp(
        /^Error: interrupted after migration (\d{3}) \((\d+) of 203 applied, each committed whole\)\. /.source +
          /Fix: run "infer migrate" again to resume\n$/.source,
      ),
    );
    const [, last, count] = /migration (\d{3}) \((\d+) of/.exec(run.stderr)!;
    expect(Number(last)).toBe(Number(count));
    expect(Number(count)).toBeLessThan(203);
    // Exactly the migrations the line names are recorded, and exactly their tables exist.
    const versions = Array.from({ length: Number(count) }, (_, i) => String(i + 1).padStart(3, '0'));
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(versions);
    expect(tablesOf(sb.defaultDb).filter((name) => /^t\d{3}$/.test(name))).toEqual(
      versions.slice(3).map((v) => `t${v}`),
    );

    const again = infer(sb, ['migrate', '--no-backup'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`Applied ${String(Number(count) + 1).padStart(3, '0')}: step`));
    expect(ledgerOf(sb.defaultDb)).toHaveLength(203);
  });

  it('in the backup before a run: the process ends at once, nothing applied, no file named as a backup', async () => {
    const sb = sandbox();
    const env = slowMigrations(sb);
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    // About 150 MB: its backup takes long enough to be interrupted.
    execSql(
      sb.defaultDb,
      'CREATE TABLE big AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000) ' +
        'SELECT i, randomblob(1000) AS b FROM n;',
    );
    const home = join(sb.home, '.infer');
    const run = await interrupted(sb, ['migrate'], env, () =>
      readdirSync(home).some((name) => name.includes('.partial-backup-')),
    );
    expect(run.signal, run.stderr).toBe('SIGINT');
    expect(ledgerOf(sb.defaultDb)).toHaveLength(3);
    expect(readdirSync(home).filter((name) => /\.backup-/.test(name))).toEqual([]);
  });

  it.runIf(runs('postgres'))(
    'during infer storage copy: one line with how many of how many, exit 130; running again resumes and completes',
    async () => {
      const sb = sandbox();
      const [source, target] = [sqliteStore(sb, 'source'), postgresStore(sb)];
      const all = Array.from({ length: 3000 }, (_, i) =>
        conversation(`c-${String(i).padStart(4, '0')}`, { updated_at: '2026-01-02T10:00:00Z' }),
      );
      await seed(source, all);
      const database = /database: (\S+)/.exec(readFileSync(target.config, 'utf8'))![1]!;
      const count = () =>
        Number(
          spawnSync(
            'psql',
            ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-Atc', 'SELECT count(*) FROM conversations'],
            { encoding: 'utf8' },
          ).stdout || 0,
        );
      const run = await interrupted(
        sb,
        ['storage', 'copy', '--config', source.config, '--to', target.config, '--json'],
        {},
        () => count() >= 50,
      );
      expect(run.code, run.stderr).toBe(130);
      // pg at times warns of a query on a busy client (its deprecation, reported apart): one line of its own.
      const stderr = run.stderr.replace(
        /^Warning: Calling client\.query\(\) when the client is already executing a query .*\n/m,
        '',
      );
      expect(stderr).toMatch(
        new RegExp(
          /^Error: interrupted after (\d+) of 3000 conversations \((\d+) copied, each whole; the source /.source +
            /unchanged\)\. Fix: run the same "infer storage copy" again to resume: what arrived is /.source +
            /skipped\n$/.source,
        ),
      );
      const [, done, copied] = /after (\d+) of 3000 conversations \((\d+) copied/.exec(stderr)!;
      expect(Number(copied)).toBe(Number(done));
      expect(Number(done)).toBeGreaterThanOrEqual(50);
      expect(Number(done)).toBeLessThan(3000);
      expect(Object.keys(await dump(target))).toHaveLength(Number(copied));

      const again = infer(sb, ['storage', 'copy', '--config', source.config, '--to', target.config]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`Copied ${3000 - Number(copied)} conversations`);
      expect(again.stdout).toContain(`skipped ${copied} already there`);
    },
  );
});
