import { expect, it } from 'vitest';
import { type ValueOrigins, keysOf, validateWith } from '../config/validate.js';
import { assertCompatible } from '../contract/version.js';
import { ErrorCode } from '../errors.js';
import { validateMigrations } from '../migrations/validate.js';
import { checksumOf } from '../sql/checksum.js';
import type { BackendSuiteOptions } from './backend-suite.js';
import { hookFileOf, runChild } from './children/run-child.js';
import { expectCode, rejection } from './suite-support.js';

const NO_ORIGINS: ValueOrigins = { source: { kind: 'defaults' }, overrides: [] };

/** The descriptor, its migrations, its section's schema and its plugin hook: no server needed. */
export function descriptorGroup<Section extends object, Config>(options: BackendSuiteOptions<Section, Config>): void {
  const { descriptor } = options;
  const migrations = descriptor.migrations === 'none' ? undefined : descriptor.migrations;
  const validate = (section: object) => descriptor.configSchema['~standard'].validate(section);

  it('names its type and display name, and declares a contract range this core implements', () => {
    expect(descriptor.type).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(descriptor.displayName.trim()).not.toBe('');
    expect(() => assertCompatible(descriptor)).not.toThrow();
  });

  it('declares capabilities that agree with its migrations', () => {
    expect(descriptor.capabilities?.migrations ?? migrations !== undefined).toBe(migrations !== undefined);
    expect(typeof descriptor.openMigrationDriver).toBe(migrations ? 'function' : 'undefined');
  });

  it.runIf(migrations !== undefined)('ships migrations that pass the engine checks, in version order', () => {
    const versions = migrations!.map((m) => m.version);
    expect(validateMigrations(migrations!).map((m) => m.version)).toEqual(versions);
    const declared = migrations!.filter((m) => typeof m.up === 'string' && m.checksum !== undefined);
    expect(declared.map((m) => [m.version, m.checksum])).toEqual(
      declared.map((m) => [m.version, checksumOf(m.up as string)]),
    );
  });

  it('fills every setting from an empty section, and names an unknown key', async () => {
    expect((await validate({})).issues).toBeUndefined();
    const { issues } = await validate({ suite_unknown_key: 1 });
    expect(issues?.map((issue) => keysOf(issue).join('.'))).toContain('suite_unknown_key');
  });

  it.each(options.invalidSections ?? [])(
    'refuses the bad section %j with one line naming its key',
    async (section, message) => {
      const error = await rejection(
        validateWith(descriptor.configSchema, section, `storage.${descriptor.type}`, NO_ORIGINS),
      );
      expectCode(error, ErrorCode.Configuration);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    },
  );

  const { packageJson } = options;
  it.runIf(packageJson !== undefined)('has a plugin hook that registers it without loading the driver', async () => {
    const hookFile = hookFileOf(packageJson!, descriptor.type);
    expect(hookFile, `package.json names no oclif hook "infer:backend:${descriptor.type}"`).toBeDefined();
    const run = await runChild('hook-child', [hookFile!, options.driverModule?.source ?? '']);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      registered: [
        { type: descriptor.type, displayName: descriptor.displayName, migrations: migrations?.length ?? 'none' },
      ],
      driverLoaded: false,
    });
  });
}
