import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { CLI_DIR } from '@infer/test-servers/cli';

const ajv = new Ajv({ allErrors: true, strict: true });
for (const file of readdirSync(join(CLI_DIR, 'schemas')).filter((name) => name.endsWith('.schema.json')))
  ajv.addSchema(JSON.parse(readFileSync(join(CLI_DIR, 'schemas', file), 'utf8')));

/** Exactly one JSON document on stdout, valid against its definition in schemas/<schema>.schema.json. */
export function expectDocument<T>(stdout: string, definition: string, schema = 'conversations'): T {
  const document = JSON.parse(stdout) as T;
  const validate = ajv.getSchema(`https://infer.dev/schemas/${schema}.schema.json#/definitions/${definition}`)!;
  expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  return document;
}
