import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, missingServerLines, testBackends, unknownBackendLines } from '../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('the servers the tests need', () => {
  it('is every backend when INFER_TEST_BACKENDS is unset, else the ones it lists', () => {
    expect(testBackends({})).toEqual(['sqlite', 'memory', 'postgres', 'redis', 'mariadb']);
    expect(testBackends({ INFER_TEST_BACKENDS: ' sqlite, memory ,' })).toEqual(['sqlite', 'memory']);
  });

  it('names a backend INFER_TEST_BACKENDS lists that the tests do not have (a typo would skip them)', () => {
    expect(unknownBackendLines({ INFER_TEST_BACKENDS: 'sqlite,postgress' })).toEqual([
      'Error: INFER_TEST_BACKENDS names "postgress", which is no backend of the tests. ' +
        'Fix: choose among sqlite, memory, postgres, redis, mariadb',
    ]);
    expect(unknownBackendLines({})).toEqual([]);
  });

  it('names each missing server on one line, how to start it, and the INFER_TEST_BACKENDS without them', async () => {
    const [pgPort, mariadbPort] = [await freePort(), await freePort()];
    const env = { INFER_TEST_POSTGRES_PORT: String(pgPort), INFER_TEST_MARIADB_PORT: String(mariadbPort) };
    expect(await missingServerLines(env)).toEqual([
      `Error: PostgreSQL does not answer at 127.0.0.1:${pgPort}; the postgres tests need it. Fix: start it ` +
        '(docs/services.md#postgresql), or leave those tests out: INFER_TEST_BACKENDS=sqlite,memory,redis pnpm test',
      `Error: MariaDB does not answer at 127.0.0.1:${mariadbPort}; the mariadb tests need it. Fix: start it ` +
        '(docs/services.md#mariadb), or leave those tests out: INFER_TEST_BACKENDS=sqlite,memory,redis pnpm test',
    ]);
    expect(await missingServerLines({ ...env, INFER_TEST_BACKENDS: 'sqlite,memory,redis' })).toEqual([]);
  });

  it('stops a vitest run before any test, with those lines alone on stderr', async () => {
    const port = await freePort();
    // vitest's own bin, not npx: npm would add warnings of its own about pnpm's settings in the environment.
    const vitest = join(ROOT, 'node_modules', '.bin', 'vitest');
    const run = spawnSync(vitest, ['run', 'packages/core/test/sql-checksum.test.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, INFER_TEST_POSTGRES_PORT: String(port), NO_COLOR: '1' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^Error: PostgreSQL does not answer at 127\\.0\\.0\\.1:${port};.* pnpm test$`)),
    ]);
    expect(run.stdout).not.toMatch(/sql-checksum/);
  }, 60_000);
});
