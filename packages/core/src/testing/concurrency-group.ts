import { describe, expect, it } from 'vitest';
import type { MigratingBackendDescriptor } from '../contract/descriptor.js';
import type { BackendSuiteOptions } from './backend-suite.js';
import { migrateInChild } from './children/run-child.js';
import { configFor } from './section-config.js';

/** Generous: the processes may share two cores with whatever else runs on the machine. */
const ROUND_LIMIT_MS = 90_000;

/**
 * Real processes migrating one new database at once, half as `infer migrate` does and half as an
 * application opening the backend: every process succeeds, and each migration is applied once.
 */
export function concurrencyGroup<Section extends object, Config>(options: BackendSuiteOptions<Section, Config>): void {
  const descriptor = options.descriptor as MigratingBackendDescriptor<Config>;
  const { processes = 8, rounds = 3 } = options.concurrency ?? {};
  const variants = options.lockVariants ?? [{}];

  describe.each(variants.map((variant) => [JSON.stringify(variant), variant] as const))('settings %s', (_, variant) => {
    it(`${processes} processes migrating one new database at once, ${rounds} rounds: each migration applied once`, {
      timeout: rounds * ROUND_LIMIT_MS,
    }, async () => {
      const versions = descriptor.migrations.map((m) => m.version);
      for (let round = 0; round < rounds; round++) {
        const section = { ...(await options.newStorage()), ...variant };
        const runs = await Promise.all(
          Array.from({ length: processes }, (_, i) =>
            migrateInChild(options.packageJson!, descriptor.type, section, i % 2 ? 'open' : 'migrate'),
          ),
        );
        expect(runs.map((run) => [run.code, run.stderr])).toEqual(runs.map(() => [0, '']));
        const outcomes = runs.flatMap((run) => JSON.parse(run.stdout) as [string, string][]);
        for (const version of versions) {
          const applied = outcomes.filter(([v, outcome]) => v === version && outcome === 'applied');
          expect(applied, `round ${round}, ${version}`).toHaveLength(1);
        }
        expect(outcomes.every(([, outcome]) => outcome === 'applied' || outcome === 'skipped')).toBe(true);
        const driver = await descriptor.openMigrationDriver(await configFor(descriptor, section));
        try {
          expect((await driver.readLedger()).map((row) => row.version)).toEqual(versions);
        } finally {
          await driver.close();
        }
      }
    });
  });
}
