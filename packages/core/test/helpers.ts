import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { expect } from 'vitest';
import { BackendRegistry, type BackendDescriptor, ErrorCode, isInferError, loadStorageConfig } from '../src/index.js';
import { sectionMessage } from '../src/kit/index.js';

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

/** The backends the configuration tests load: SQLite (a path), memory (no settings), PostgreSQL (with defaults). */
export const configRegistry = new BackendRegistry([
  fakeDescriptor('sqlite'),
  fakeDescriptor('memory', v.strictObject({})),
  fakeDescriptor(
    'postgres',
    v.strictObject({
      host: v.optional(v.string(), 'localhost'),
      port: v.optional(v.pipe(v.number(), v.integer()), 5432),
      ssl_mode: v.optional(v.picklist(['disable', 'prefer', 'require', 'verify-full']), 'prefer'),
    }),
  ),
]);

/** The error `loadStorageConfig` rejects with, checked to be a configuration or backend-not-installed one. */
export async function configError(
  options: Parameters<typeof loadStorageConfig>[0],
): Promise<{ message: string; hint?: string; path?: string }> {
  const error = await loadStorageConfig(options).then(
    () => expect.fail('expected a configuration error'),
    (e: unknown) => e,
  );
  expect(
    isInferError(error, ErrorCode.Configuration) || isInferError(error, ErrorCode.BackendNotInstalled),
    String(error),
  ).toBe(true);
  return error as { message: string; hint?: string; path?: string };
}
