import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, expectOneLineError, infer, sandbox, snapshot } from '@infer/test-servers/cli';
import { ledgerOf } from './helpers.js';
import { seedConversations } from '@infer/test-servers/conversations';
import { runs, seed, sqliteStore } from './stores.js';

/** A migrated SQLite store holding `conversations` conversations, and how to run `infer` on it. */
async function store(conversations: number) {
  const sb = sandbox();
  const sqlite = sqliteStore(sb);
  if (conversations > 0) await seed(sqlite, seedConversations(conversations).slice(2));
  const path = `${sb.root}/sqlite.db`;
  const cli = (...args: string[]) => infer(sb, [...args, '--config', sqlite.config]);
  if (conversations === 0) expect(cli('migrate', '--no-backup').code).toBe(0);
  return {
    sb,
    path,
    config: sqlite.config,
    cli,
    backups: () => readdirSync(sb.root).filter((name) => name.includes('.backup-')),
  };
}

describe.runIf(runs('sqlite'))('infer migrate down on a store holding conversations', () => {
  it('without a terminal requires --yes: one line, exit 2, nothing reverted or backed up', async () => {
    const { path, cli, backups } = await store(3);
    const before = snapshot(path);
    expectOneLineError(
      cli('migrate', 'down', '--to', '001'),
      2,
      new RegExp(
        /^Error: refusing to revert migrations 003, 002 of a store holding 3 conversations without /.source +
          /confirmation: stdin is not a terminal; pass --yes to revert them/.source,
      ),
      /\. Fix: \S/,
    );
    expect(snapshot(path)).toEqual(before);
    expect(backups()).toEqual([]);

    const reverted = cli('migrate', 'down', '--to', '001', '--yes');
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(ledgerOf(path).map((row) => row.version)).toEqual(['001']);
  });

  it('asks too when the conversations cannot be counted (a schema below the one this release reads)', async () => {
    const { path, cli } = await store(3);
    expect(cli('migrate', 'down', '--yes').code).toBe(0);
    const before = snapshot(path);
    expectOneLineError(
      cli('migrate', 'down', '--to', '0'),
      2,
      new RegExp(
        /refusing to revert migrations 002, 001 of a store holding an unknown number of conversations /.source +
          /\(they could not be counted: [^)]+\) without confirmation/.source,
      ),
    );
    expect(snapshot(path)).toEqual(before);
  });

  it('reverts a store without conversations without asking', async () => {
    const { path, cli } = await store(0);
    const reverted = cli('migrate', 'down', '--to', '001');
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(ledgerOf(path).map((row) => row.version)).toEqual(['001']);
  });

  it('--dry-run shows the down SQL and the conversations at stake, and changes nothing', async () => {
    const { path, cli } = await store(3);
    const before = snapshot(path);
    const text = cli('migrate', 'down', '--dry-run');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('-- 003 down:');
    expect(text.stdout).toMatch(/The store holds 3 conversations; reverting drops what the down SQL above drops/);
    const json = cli('migrate', 'down', '--to', '0', '--dry-run', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      dryRun: true,
      conversations: 3,
      steps: [{ version: '003' }, { version: '002' }, { version: '001' }],
    });
    expect(snapshot(path)).toEqual(before);
  });

  it('asks on a terminal, and reverts only after yes', async () => {
    const { path, config, sb } = await store(3);
    // script(1) gives the CLI a pseudo-terminal; the answers come through its stdin.
    const onTty = (answer: string) => {
      const command = `${process.execPath} ${BIN} migrate down --config ${config}`;
      const child = spawnSync('script', ['-qec', command, '/dev/null'], {
        input: `${answer}\n`,
        cwd: sb.cwd,
        env: sb.env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { code: child.status, stdout: String(child.stdout) };
    };
    const no = onTty('n');
    expect(no.stdout).toContain('Revert migration 003 of a store holding 3 conversations? [y/N]');
    expect(no.stdout).toContain('Nothing was reverted.');
    expect(ledgerOf(path).map((row) => row.version)).toEqual(['001', '002', '003']);
    const yes = onTty('y');
    expect(yes.code, yes.stdout).toBe(0);
    expect(ledgerOf(path).map((row) => row.version)).toEqual(['001', '002']);
  });
});
