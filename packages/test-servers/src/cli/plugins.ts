import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI_DIR, type Sandbox, infer } from './sandbox.js';

/** The hook file of a plugin whose backend of storage type `type` declares `contract` and opens nothing. */
export function backendHookSource(type: string, displayName: string, contract = '^1.0.0'): string {
  return `import { defineBackendHook } from '@infer/core/kit';
export default defineBackendHook({ type: '${type}', displayName: '${displayName}', contract: '${contract}',
  migrations: 'none',
  configSchema: { '~standard': { version: 1, vendor: 'test', validate: (value) => ({ value }) } },
  open: async () => { throw new Error('not used'); } });
`;
}

/**
 * Links a backend plugin for storage type `type` whose hook module is `hook`, with our packages
 * `linked` (`core`, `backend-sqlite`...) in its node_modules.
 */
export function linkHookPlugin(
  sb: Sandbox,
  plugin: { name: string; version?: string; type: string; hook: string; linked?: readonly string[] },
): void {
  const dir = join(sb.root, plugin.name);
  mkdirSync(join(dir, 'node_modules', '@infer'), { recursive: true });
  for (const name of plugin.linked ?? ['core'])
    symlinkSync(join(CLI_DIR, '..', name), join(dir, 'node_modules', '@infer', name), 'dir');
  const pjson = {
    name: plugin.name,
    version: plugin.version ?? '3.1.4',
    type: 'module',
    oclif: { hooks: { [`infer:backend:${plugin.type}`]: './hook.js' } },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pjson));
  writeFileSync(join(dir, 'hook.js'), plugin.hook);
  const linked = infer(sb, ['plugins', 'link', dir, '--no-install']);
  expect(linked.code, linked.stderr).toBe(0);
}

/** A plugin for storage type `type` built for backend contract `contract`, with our core linked in. */
export function linkContractPlugin(sb: Sandbox, name: string, type: string, contract: string): void {
  linkHookPlugin(sb, { name, type, hook: backendHookSource(type, name, contract) });
}
