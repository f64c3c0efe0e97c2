import { describe, expect, it } from 'vitest';
import { expectOneLineError, infer, sandbox, snapshot } from '@infer/test-servers/cli';
import { execSql } from '@infer/test-servers/sqlite';
import { ledgerOf, tablesOf } from './helpers.js';

/** A database with the tables of 001 and 002 and no ledger, as a hand-made or foreign one has. */
function unmanaged() {
  const sb = sandbox();
  expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
  expect(infer(sb, ['migrate', 'down', '--to', '002', '--no-backup']).code).toBe(0);
  execSql(sb.defaultDb, 'DROP TABLE schema_migrations');
  return sb;
}

describe('an unmanaged database whose tables exist', () => {
  it('migrate and --dry-run refuse, naming "infer migrate baseline --to 002", running and writing nothing', () => {
    const sb = unmanaged();
    const before = snapshot(sb.defaultDb);
    for (const args of [['migrate'], ['migrate', '--dry-run']]) {
      expectOneLineError(
        infer(sb, args),
        11,
        /the database already has tables conversations, user_preferences but no migration ledger \(schema_migrations\)/,
        /Fix: record the migrations it already has without running them: "infer migrate baseline --to 002"/,
      );
      expect(snapshot(sb.defaultDb)).toEqual(before);
    }
    expect(tablesOf(sb.defaultDb)).toEqual(['conversations', 'user_preferences']);
  });

  it('the suggested baseline then lets migrate finish', () => {
    const sb = unmanaged();
    expect(infer(sb, ['migrate', 'baseline', '--to', '002']).code).toBe(0);
    const run = infer(sb, ['migrate', '--no-backup']);
    expect(run.code, run.stderr).toBe(0);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(['001', '002', '003']);
  });

  it('a new, empty database still migrates', () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(['001', '002', '003']);
  });
});
