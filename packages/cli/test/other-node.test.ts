import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';

/**
 * A node binary whose ABI differs from the one better-sqlite3 was built for (e.g. Node 24 from the
 * npm registry: `npm install node@24`, then `node_modules/.bin/node`). CI must provide it: there,
 * its absence fails instead of skipping.
 */
const OTHER_NODE = process.env.INFER_TEST_OTHER_NODE;

describe('better-sqlite3 built for another Node.js, run by it', () => {
  it.runIf(!OTHER_NODE && process.env.CI === 'true')('has INFER_TEST_OTHER_NODE on CI', () => {
    expect.fail('set INFER_TEST_OTHER_NODE to a node binary of another ABI than the build (npm install node@24)');
  });

  it.runIf(OTHER_NODE !== undefined)('one line naming the running Node.js and the rebuild command, exit 4', () => {
    const other = spawnSync(OTHER_NODE!, ['-p', 'process.versions.modules + " " + process.version'], {
      encoding: 'utf8',
    });
    const [abi, version] = other.stdout.trim().split(' ');
    expect(abi, 'INFER_TEST_OTHER_NODE must have another NODE_MODULE_VERSION').not.toBe(process.versions.modules);
    const sb = sandbox();
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    for (const args of [['conversations', 'list'], ['migrate']]) {
      const child = spawnSync(OTHER_NODE!, [BIN, ...args], {
        cwd: sb.cwd,
        env: sb.env,
        encoding: 'utf8',
        timeout: 100_000,
      });
      const result = { code: child.status, stdout: child.stdout, stderr: child.stderr };
      expectOneLineError(
        result,
        4,
        `better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION ${process.versions.modules}); this ` +
          `is Node.js ${version} (NODE_MODULE_VERSION ${abi})`,
        /Fix: rebuild it for this Node\.js: cd ".+" && pnpm -r rebuild better-sqlite3,/,
      );
      expect(result.stderr).not.toMatch(/writable/);
    }
  });
});
