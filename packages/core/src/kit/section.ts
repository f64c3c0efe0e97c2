import { keysOf } from '../config/validate.js';
import type { StandardSchemaV1 } from '../contract/standard-schema.js';
import { ConfigurationError } from '../errors.js';

/**
 * Validates settings given in code (`storage.<type>`, with the schema's defaults filled in) with a
 * synchronous Standard Schema; the first issue becomes the one-line `ConfigurationError` that names
 * the key by its path, as the CLI names a bad key of a configuration file. Idempotent for schemas
 * whose output is valid input (an already validated section comes back equal).
 *
 * @example
 * parseSection('mariadb', mariadbConfigSchema, { port: 0 });
 * // ConfigurationError: storage.mariadb.port: Invalid value: Expected >=1 but received 0
 */
export function parseSection<Output>(
  type: string,
  schema: StandardSchemaV1<unknown, Output>,
  input: unknown = {},
): Output {
  const result = schema['~standard'].validate(input);
  if (result instanceof Promise) {
    throw new TypeError(`the schema of storage.${type} validates asynchronously; parseSection needs a synchronous one`);
  }
  if (!result.issues) return result.value;
  const issue = result.issues[0]!;
  const path = ['storage', type, ...keysOf(issue)].join('.');
  throw new ConfigurationError(`${path}: ${issue.message}`, { path, hint: 'pass a valid value' });
}

/**
 * {@link parseSection} bound to one section: the `parseXConfig(input?)` a backend exports.
 *
 * @example
 * export const parseMariadbConfig = sectionParser('mariadb', mariadbConfigSchema);
 * parseMariadbConfig({ host: 'db' }); // { host: 'db', port: 3306, ... }
 */
export function sectionParser<Input, Output>(
  type: string,
  schema: StandardSchemaV1<Input, Output>,
): (input?: Input) => Output {
  return (input) => parseSection(type, schema, input ?? {});
}
