import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sandbox } from '@infer/test-servers/cli';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('pnpm -s infer, as the README shows it', () => {
  it('prints only the command output: --json parses, with no pnpm banner lines', () => {
    const sb = sandbox();
    const result = spawnSync('pnpm', ['-s', 'infer', 'backends', '--json'], {
      cwd: root,
      env: sb.env,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const backends = JSON.parse(result.stdout) as { type: string }[];
    expect(backends.map((backend) => backend.type)).toEqual(['memory', 'postgres', 'redis', 'sqlite']);
  });
});
