import type { StandardSchemaV1 } from './standard-schema.js';

/**
 * A Standard Schema that loads the real one on first use. A backend's descriptor is loaded at every
 * CLI start (by its plugin hook), but its configuration is validated only when that backend is
 * configured; this keeps the schema library out of the start-up path of the others.
 *
 * @example
 * configSchema: lazySchema(() => import('./config-schema.js').then((m) => m.sqliteConfigSchema)),
 */
export function lazySchema<Output>(
  load: () => Promise<StandardSchemaV1<unknown, Output>>,
): StandardSchemaV1<unknown, Output> {
  let schema: Promise<StandardSchemaV1<unknown, Output>> | undefined;
  return {
    '~standard': {
      version: 1,
      vendor: 'infer-lazy',
      validate: async (value) => {
        schema ??= load();
        return (await schema)['~standard'].validate(value);
      },
    },
  };
}
