import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Sandbox,
  expectOneLineError,
  infer,
  linkContractPlugin as linkPlugin,
  linkHookPlugin,
  sandbox,
  writeConfig,
} from '@infer/test-servers/cli';
import { ledgerOf } from './helpers.js';

/**
 * A plugin built for contract 1.0 (type `legacy`): SQLite under another display name, its migration
 * driver still setting `dialect`, which contract 1.1 made optional and hosts ignore.
 */
function linkLegacyPlugin(sb: Sandbox): void {
  const hook = `import { defineBackendHook } from '@infer/core/kit';
import { sqliteBackend } from '@infer/backend-sqlite';
export default defineBackendHook({
  ...sqliteBackend, type: 'legacy', displayName: 'Legacy store', contract: '^1.0.0',
  async openMigrationDriver(config, options) {
    return Object.assign(await sqliteBackend.openMigrationDriver(config, options), { dialect: 'Old name' });
  },
});
`;
  linkHookPlugin(sb, {
    name: 'infer-backend-legacy',
    version: '1.0.0',
    type: 'legacy',
    hook,
    linked: ['core', 'backend-sqlite'],
  });
}

describe('backend contract versions', () => {
  it('refuses a plugin built for another contract with one line naming both versions, and keeps the others', () => {
    const sb = sandbox();
    linkPlugin(sb, 'acme-backend-future', 'future', '^2.0.0');
    linkPlugin(sb, 'acme-backend-past', 'past', '^0.9.0');

    const listed = infer(sb, ['backends']);
    expect(listed.code).toBe(0);
    expect(listed.stderr.trimEnd().split('\n').sort()).toEqual([
      'Warning: plugin acme-backend-future 3.1.4 failed to register its backend: storage type "future" ' +
        '(acme-backend-future) needs backend contract ^2.0.0; this infer has 1.3.0. Fix: upgrade infer to a ' +
        'release with a contract in ^2.0.0, or install a release of acme-backend-future made for contract 1.3.0',
      'Warning: plugin acme-backend-past 3.1.4 failed to register its backend: storage type "past" ' +
        '(acme-backend-past) supports backend contract ^0.9.0; this infer has 1.3.0. Fix: upgrade ' +
        'acme-backend-past to a release that supports contract 1.3.0',
    ]);
    expect(listed.stdout).toMatch(/^sqlite +@infer\/backend-sqlite/m);
    expect(listed.stdout).not.toMatch(/^(future|past) /m);

    const used = infer(sb, ['migrate', '--status'], { env: { INFER_STORAGE_TYPE: 'future' } });
    expectOneLineError(
      used,
      3,
      new RegExp(
        /^Error: storage type "future" \(acme-backend-future\) needs backend contract \^2\.0\.0; this /.source +
          /infer has 1\.3\.0\. Fix: upgrade infer/.source,
      ),
    );

    const other = infer(sb, ['migrate', '--status']);
    expect(other.code).toBe(0);
    expect(other.stderr).toBe('');
  });

  it('accepts a plugin whose range includes this contract', () => {
    const sb = sandbox();
    linkPlugin(sb, 'acme-backend-now', 'now', '>=1.0.0 <2.0.0');
    const result = infer(sb, ['backends', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toContainEqual(
      expect.objectContaining({ type: 'now', package: 'acme-backend-now', migrations: 'none' }),
    );
  });

  it('refuses conversations list --after for a backend that does not declare keyset pagination (exit 3)', () => {
    const sb = sandbox();
    linkHookPlugin(sb, {
      name: 'infer-backend-plain',
      version: '1.0.0',
      type: 'plain',
      hook: `import { defineBackendHook } from '@infer/core/kit';
import { sqliteBackend } from '@infer/backend-sqlite';
export default defineBackendHook({ ...sqliteBackend, type: 'plain', displayName: 'Plain store', capabilities: {} });
`,
      linked: ['core', 'backend-sqlite'],
    });
    writeConfig(sb, `storage:\n  type: plain\n  plain:\n    path: ${join(sb.root, 'plain.db')}\n`);
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    expectOneLineError(
      infer(sb, ['conversations', 'list', '--after', 'c-1']),
      3,
      /^Error: the Plain store backend \(storage type "plain"\) cannot page with --after: it does not declare keyset /,
    );
    expect(infer(sb, ['conversations', 'list', '--offset', '1']).code).toBe(0);
  });

  it('migrates with a contract 1.0 plugin whose driver still sets dialect, naming the database by displayName', () => {
    const sb = sandbox();
    linkLegacyPlugin(sb);
    const db = join(sb.root, 'legacy.db');
    writeConfig(sb, `storage:\n  type: legacy\n  legacy:\n    path: ${db}\n`);

    const applied = infer(sb, ['migrate', '--no-backup']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^Applied 3 migrations to the Legacy store database\.$/m);
    expect(ledgerOf(db).map((row) => row.version)).toEqual(['001', '002', '003']);
    const status = infer(sb, ['migrate', '--status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ type: 'legacy', dialect: 'Legacy store' });
    expect(`${applied.stdout}${status.stdout}`).not.toContain('Old name');
  });
});
