import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compare } from './json-shapes.js';
import { CLI_DIR } from '@infer/test-servers/cli';
import { SchemaFiles } from './schema-shape.js';
import { CliTypes } from './type-shape.js';

/**
 * Which definition of packages/cli/schemas describes the `--json` document of each command (the
 * file under src/commands), as one of these definitions when its run() returns one of several.
 */
const COMMAND_DOCUMENTS: Record<string, readonly string[]> = {
  'backends.ts': ['backends#/definitions/backendList'],
  'config/show.ts': ['config#/definitions/showReport'],
  'config/trust.ts': ['config#/definitions/trustReport'],
  'conversations/delete.ts': ['conversations#/definitions/deleteReport'],
  'conversations/list.ts': ['conversations#/definitions/summaryList'],
  'conversations/show.ts': ['conversations#/definitions/conversation'],
  'init.ts': ['migrate#/definitions/initReport'],
  'migrate/baseline.ts': ['migrate#/definitions/migrateReport'],
  'migrate/create.ts': ['migrate#/definitions/createReport'],
  'migrate/down.ts': ['migrate#/definitions/migrateReport', 'migrate#/definitions/planReport'],
  'migrate/index.ts': [
    'migrate#/definitions/migrateReport',
    'migrate#/definitions/planReport',
    'migrate#/definitions/statusReport',
  ],
  'migrate/lint.ts': ['migrate#/definitions/lintReport'],
  'migrate/repair.ts': ['migrate#/definitions/repairReport'],
  'storage/copy.ts': ['conversations#/definitions/copyReport'],
};

/** Documents printed outside a command's run(): a type exported by a file of src, and its definition. */
const OTHER_DOCUMENTS = [
  { file: 'output/errors.ts', type: 'ErrorDocument', definition: 'migrate#/definitions/errorReport' },
];

let types: CliTypes;
const schemas = new SchemaFiles(join(CLI_DIR, 'schemas'));
const covered = new Set<string>();

/** The problems of a type against the union of `definitions`; what of the schemas it matched is covered. */
function problemsOf(shape: ReturnType<CliTypes['commandOutput']>, definitions: readonly string[], path: string) {
  const schema = definitions.map((definition) => schemas.shape(definition));
  const result = compare(shape, schema.length === 1 ? schema[0]! : { kind: 'union', members: schema }, path);
  for (const pointer of result.covered) covered.add(pointer);
  return result.problems;
}

beforeAll(() => {
  types = new CliTypes(CLI_DIR);
}, 60_000);

describe('the JSON Schemas of --json output agree with the TypeScript types of the documents', () => {
  it('names a schema for every command with --json', () => {
    const manifest = JSON.parse(readFileSync(join(CLI_DIR, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, { flags: Record<string, unknown>; relativePath: string[] }>;
    };
    const withJson = Object.values(manifest.commands).filter((command) => 'json' in command.flags);
    // relativePath: ['dist', 'commands', 'migrate', 'index.js'], the bundle of src/commands/migrate/index.ts.
    const files = withJson.map((command) => command.relativePath.slice(2).join('/').replace(/\.js$/, '.ts'));
    expect(files.sort()).toEqual(Object.keys(COMMAND_DOCUMENTS).sort());
  });

  it.each(Object.entries(COMMAND_DOCUMENTS))('%s: every field, its optionality and its values', (file, definitions) => {
    expect(problemsOf(types.commandOutput(file), definitions, file)).toEqual([]);
  });

  it.each(OTHER_DOCUMENTS)('$file $type: every field, its optionality and its values', ({ file, type, definition }) => {
    expect(problemsOf(types.exportedType(file, type), [definition], type)).toEqual([]);
  });

  it('describes nothing that no type has: every definition and property is matched by a field', () => {
    const { definitions, properties } = schemas.pointers();
    expect(definitions.filter((definition) => !schemas.reached.has(definition))).toEqual([]);
    expect(properties.filter((property) => !covered.has(property))).toEqual([]);
  });

  it('reports a field missing on either side, a changed optionality, openness or list of values', () => {
    const field = { type: 'string' };
    const error = (properties: object, required: string[], closed = true) => ({
      type: 'object',
      ...(closed ? { additionalProperties: false } : {}),
      required,
      properties,
    });
    const report = { code: field, message: field, hint: field, exitCode: { type: 'integer' } };
    const { hint: _, ...withoutHint } = report;
    const definitions = {
      withoutHint: error(withoutHint, ['message', 'exitCode']),
      withStack: error({ ...report, stack: field }, ['message', 'exitCode', 'stack']),
      optionalMessage: error(report, ['exitCode']),
      open: error(report, ['message', 'exitCode'], false),
      sources: { enum: ['flag', 'env', 'project', 'user'] },
    };
    const dir = mkdtempSync(join(tmpdir(), 'infer-schemas-'));
    writeFileSync(join(dir, 'probe.schema.json'), JSON.stringify({ definitions }));
    const probe = new SchemaFiles(dir);
    const problems = (shape: ReturnType<CliTypes['commandOutput']>, name: string) =>
      compare(shape, probe.shape(`probe#/definitions/${name}`), 'it').problems;
    const errorReport = types.exportedType('output/errors.ts', 'ErrorReport');
    expect(problems(errorReport, 'withoutHint')).toEqual(['it.hint: in the type, missing in the schema']);
    expect(problems(errorReport, 'withStack')).toEqual(['it.stack: required by the schema, not in the type']);
    expect(problems(errorReport, 'optionalMessage')).toEqual(['it.message: required in the type, not in the schema']);
    expect(problems(errorReport, 'open')).toEqual(['it: closed in the type, open in the schema']);
    const source = types.exportedType('commands/config/show.ts', 'ConfigShowReport');
    const sources = source.kind === 'object' ? source.properties!.get('source')!.shape() : source;
    expect(problems(sources, 'sources')).toEqual([
      'it: the type allows "flag" | "env" | "project" | "user" | "defaults", ' +
        'the schema "flag" | "env" | "project" | "user"',
    ]);
  });
});
