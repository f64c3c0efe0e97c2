import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, infer, sandbox, snapshot } from '@infer/test-servers/cli';
import type { Case, Context } from './bad-input/harness.js';
import { createDatabase, dropDatabases } from '@infer/test-servers/postgres';
import { ThrowawayPostgres, pgDump, pgEnv, postgresEnabled, shared } from './support/postgres-cli.js';

/**
 * The catalogue of bad inputs (`bad-input/cases/*.ts`), each through the real `infer` binary: one
 * `Error: … Fix: …` line, no stack, its documented exit code, and the data byte-identical.
 */
const caseFiles = readdirSync(new URL('./bad-input/cases/', import.meta.url))
  .filter((name) => name.endsWith('.ts'))
  .sort();
const CASES: readonly Case[] = (
  await Promise.all(
    caseFiles.map(async (name) => ((await import(`./bad-input/cases/${name}`)) as { cases: readonly Case[] }).cases),
  )
).flat();

const PASSWORD = 'Throwaway-Owner-Pw';
let throwaway: ThrowawayPostgres | undefined;
const templates = { migrated: '', pending: '' };

beforeAll(async () => {
  const sb = sandbox();
  expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
  templates.migrated = join(sb.root, 'migrated.db');
  copyFileSync(sb.defaultDb, templates.migrated);
  expect(infer(sb, ['migrate', 'down', '--to', '001']).code).toBe(0);
  templates.pending = join(sb.root, 'pending.db');
  copyFileSync(sb.defaultDb, templates.pending);
  if (postgresEnabled) throwaway = await ThrowawayPostgres.start({ user: 'infer_owner', password: PASSWORD });
}, 60_000);

afterAll(async () => {
  await throwaway?.stop();
  if (postgresEnabled) await dropDatabases();
});

async function context(testCase: Case): Promise<Context> {
  const sb = sandbox();
  const start = testCase.start ?? 'migrated';
  mkdirSync(join(sb.home, '.infer'), { recursive: true });
  if (start !== 'none') copyFileSync(templates[start], sb.defaultDb);
  const pg = shared(testCase.postgres ? await createDatabase() : 'unused');
  if (testCase.postgres) expect(infer(sb, ['migrate'], { env: pgEnv(pg) }).code).toBe(0);
  return { sb, db: sb.defaultDb, pg, throwaway };
}

describe('bad input: one line with the fix, the documented exit code, the database byte-identical', () => {
  it('covers at least 70 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(70));

  for (const testCase of CASES) {
    it.skipIf(testCase.postgres && !postgresEnabled)(`${testCase.name}: exit ${testCase.exit}`, async () => {
      const ctx = await context(testCase);
      const prepared = (await testCase.setup?.(ctx)) ?? {};
      const fingerprint = prepared.fingerprint ?? (testCase.postgres ? () => pgDump(ctx.pg) : () => snapshot(ctx.db));
      const before = fingerprint();
      try {
        const result = infer(ctx.sb, testCase.args, {
          env: prepared.env ?? {},
          fileSizeLimitKb: prepared.fileSizeLimitKb,
        });
        expectOneLineError(result, testCase.exit, /^Error: /, testCase.error, /\. Fix: \S/);
      } finally {
        prepared.cleanup?.();
      }
      expect(fingerprint()).toEqual(before);
    });
  }
});
