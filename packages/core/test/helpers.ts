import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { BackendRegistry, type BackendDescriptor, sectionMessage } from '../src/index.js';

/** A new temporary directory with the given files (relative path → content). */
export function tempTree(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'infer-core-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A descriptor with a real schema and nothing behind it, for configuration and registry tests. */
export function fakeDescriptor(
  type: string,
  schema: v.GenericSchema = v.strictObject({ path: v.optional(v.string(), '/default') }, sectionMessage),
): BackendDescriptor {
  return {
    type,
    displayName: type.toUpperCase(),
    contract: '^1.0.0',
    configSchema: schema,
    migrations: 'none',
    open: () => Promise.reject(new Error('not openable')),
  };
}

export function registryOf(...types: string[]): BackendRegistry {
  return new BackendRegistry(types.map((type) => fakeDescriptor(type)));
}
