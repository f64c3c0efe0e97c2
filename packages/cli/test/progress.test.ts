import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressRenderer, progressText } from '../src/migrations/progress.js';
import { infer, linkHookPlugin, sandbox, writeConfig } from '@infer/test-servers/cli';
import { ledgerOf } from './helpers.js';

const ROWS = 30_000;

/** A backend plugin (type `data-sqlite`): SQLite plus a data migration over ROWS rows. */
const HOOK = `
import { defineBackendHook } from '@infer/core/kit';
import { sqliteBackend } from '@infer/backend-sqlite';
const fill = {
  version: '900', description: 'Items to count',
  up: 'CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);' +
    'WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${ROWS}) ' +
    'INSERT INTO items SELECT i, i FROM k;',
  down: 'DROP TABLE items;', destructive: false,
};
const double = {
  version: '901', description: 'Double every n', checksum: 'double-v1',
  up: async (db) => {
    const twice = (row) => {
      if (process.env.FAIL_AT && row.id === Number(process.env.FAIL_AT)) throw new Error('injected at ' + row.id);
      return { n: row.n * 2 };
    };
    await db.updateInBatches('items', twice, { batchSize: 500 });
  },
};
export default defineBackendHook({
  ...sqliteBackend, type: 'data-sqlite', displayName: 'SQLite (data)',
  migrations: [...sqliteBackend.migrations, fill, double],
});
`;

function linkDataPlugin(sb: ReturnType<typeof sandbox>): void {
  linkHookPlugin(sb, {
    name: 'infer-backend-data',
    version: '1.0.0',
    type: 'data-sqlite',
    hook: HOOK,
    linked: ['core', 'backend-sqlite'],
  });
}

describe('data migration progress in the CLI', () => {
  it('prints plain progress lines on stderr when not a TTY, never on stdout, and rolls a failure back', () => {
    const sb = sandbox();
    linkDataPlugin(sb);
    const db = join(sb.root, 'data.db');
    writeConfig(sb, `storage:\n  type: data-sqlite\n  data-sqlite:\n    path: ${db}\n`);

    const failed = infer(sb, ['migrate', '--no-backup'], { env: { FAIL_AT: '20000' } });
    expect(failed.code).toBe(5);
    expect(failed.stderr).toMatch(
      /^Error: migration 901 \(Double every n\) failed: injected at 20000\. Fix: the migration was rolled back/m,
    );
    expect(ledgerOf(db).map((r) => r.version)).toEqual(['001', '002', '003', '900']);

    const result = infer(sb, ['migrate', '--no-backup', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).results.map((r: { version: string }) => r.version)).toEqual(['901']);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^  901: 0/${ROWS} rows \\(0%\\), 0 rows/s, about \\d+ s left$|^  901: 0/${ROWS} rows \\(0%\\), 0 rows/s$`,
      ),
    );
    expect(lines.at(-1)).toMatch(new RegExp(`^  901: ${ROWS}/${ROWS} rows \\(100%\\), \\d+ rows/s$`));
    const done = lines.map((line) => Number(/: (\d+)\//.exec(line)?.[1]));
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });
});

describe('progress renderers', () => {
  it('draws a bar on a terminal and ends it at 100%', () => {
    const output: string[] = [];
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 100,
      cursorTo: (_x: number, _y?: number, callback?: () => void) => {
        callback?.();
        return true;
      },
      clearLine: (_dir: number, callback?: () => void) => {
        callback?.();
        return true;
      },
      moveCursor: (_dx: number, _dy: number, callback?: () => void) => {
        callback?.();
        return true;
      },
      getWindowSize: () => [100, 40],
    });
    stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const renderer = progressRenderer(stream as unknown as NodeJS.WriteStream);
    for (const done of [0, 500, 1000])
      renderer.update({ version: '901', description: 'x', done, total: 1000, ratePerSecond: 2000, etaMs: 0 });
    renderer.stop();
    const text = output.join('');
    expect(text).toMatch(/901 \[[█░]+\] 100% \| 1000\/1000 rows \| 2000\/s/);
  });

  it('says done of total, percentage, rate and time left in one line', () => {
    expect(
      progressText({ version: '9', description: 'x', done: 600, total: 1000, ratePerSecond: 300.4, etaMs: 1200 }),
    ).toBe('600/1000 rows (60%), 300 rows/s, about 2 s left');
    expect(progressText({ version: '9', description: 'x', done: 5, ratePerSecond: 1 })).toBe('5 rows, 1 rows/s');
  });
});
