import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_DIR, infer, sandbox } from '@infer/test-servers/cli';

interface ManifestCommand {
  readonly id: string;
  readonly pluginName: string;
  readonly examples?: readonly unknown[];
}

describe('oclif.manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(CLI_DIR, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, ManifestCommand>;
  };
  const ours = Object.values(manifest.commands).filter((command) => command.pluginName === '@infer/cli');

  it('lists our commands, each with examples for --help', () => {
    expect(ours.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'conversations:list',
        'conversations:show',
        'conversations:delete',
        'conversations:export',
        'storage:copy',
        'migrate',
      ]),
    );
    expect(ours.filter((c) => (c.examples ?? []).length === 0).map((c) => c.id)).toEqual([]);
  });

  it('includes the autocomplete plugin', () => {
    const result = infer(sandbox(), ['autocomplete', '--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('$ infer autocomplete');
  });
});
