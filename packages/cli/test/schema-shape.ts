import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Property, type Shape, unionOf } from './json-shapes.js';

/** A JSON Schema (draft-07) node, as far as packages/cli/schemas use the keywords. */
type SchemaNode = boolean | { readonly [keyword: string]: unknown };

/** The JSON Schemas of packages/cli/schemas, by name (`migrate` for migrate.schema.json). */
export class SchemaFiles {
  readonly #files = new Map<string, SchemaNode>();
  /** `migrate#/definitions/result`: each definition a comparison reached. */
  readonly reached = new Set<string>();

  constructor(dir: string) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.schema.json')))
      this.#files.set(
        file.replace('.schema.json', ''),
        JSON.parse(readFileSync(join(dir, file), 'utf8')) as SchemaNode,
      );
  }

  /** The shape `migrate#/definitions/migrateReport` describes. */
  shape(pointer: string): Shape {
    const [file, path = ''] = pointer.split('#');
    let node = this.#files.get(file!);
    for (const key of path.split('/').filter(Boolean)) node = (node as Record<string, SchemaNode>)[key];
    if (node === undefined) throw new Error(`no ${pointer} in packages/cli/schemas`);
    if (path.startsWith('/definitions/')) this.reached.add(pointer);
    return this.#shapeOf(node, pointer);
  }

  /** Every definition and every described property of every file, as JSON pointers. */
  pointers(): { definitions: string[]; properties: string[] } {
    const definitions: string[] = [];
    const properties: string[] = [];
    const walk = (node: SchemaNode, at: string): void => {
      if (typeof node !== 'object') return;
      for (const [name, inner] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) {
        if (inner !== false) properties.push(`${at}/properties/${name}`);
        walk(inner, `${at}/properties/${name}`);
      }
      if (node.items !== undefined) walk(node.items as SchemaNode, `${at}/items`);
      for (const keyword of ['anyOf', 'oneOf', 'allOf'])
        for (const [index, inner] of ((node[keyword] ?? []) as SchemaNode[]).entries())
          walk(inner, `${at}/${keyword}/${index}`);
    };
    for (const [file, schema] of this.#files) {
      for (const [name, definition] of Object.entries(
        (schema as { definitions: Record<string, SchemaNode> }).definitions,
      )) {
        definitions.push(`${file}#/definitions/${name}`);
        walk(definition, `${file}#/definitions/${name}`);
      }
    }
    return { definitions, properties };
  }

  #shapeOf(node: SchemaNode, at: string): Shape {
    if (typeof node === 'boolean') return { kind: 'any' };
    const file = at.split('#')[0]!;
    if (typeof node.$ref === 'string') return this.shape(`${node.$ref.startsWith('#') ? file : ''}${node.$ref}`);
    for (const keyword of ['anyOf', 'oneOf'])
      if (Array.isArray(node[keyword]))
        return unionOf(
          (node[keyword] as SchemaNode[]).map((inner, index) => this.#shapeOf(inner, `${at}/${keyword}/${index}`)),
        );
    if (Array.isArray(node.allOf)) return this.#allOf(node.allOf as SchemaNode[], at);
    const values = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : undefined;
    if (values !== undefined) return unionOf(values.map(literalShape));
    const types = Array.isArray(node.type) ? (node.type as string[]) : typeof node.type === 'string' ? [node.type] : [];
    if (types.length === 0 && node.properties !== undefined) types.push('object');
    if (types.length === 0) return { kind: 'any' };
    return unionOf(types.map((type) => this.#typed(type, node, at)));
  }

  #typed(type: string, node: { readonly [keyword: string]: unknown }, at: string): Shape {
    if (type === 'string' || type === 'boolean' || type === 'null') return { kind: type };
    if (type === 'integer' || type === 'number') return { kind: 'number' };
    if (type === 'array') {
      const items = (node.items ?? true) as SchemaNode;
      return { kind: 'array', items: () => this.#shapeOf(items, `${at}/items`) };
    }
    if (node.properties === undefined) return { kind: 'object', open: true };
    const required = new Set((node.required ?? []) as string[]);
    const properties = new Map<string, Property>();
    for (const [name, inner] of Object.entries(node.properties as Record<string, SchemaNode>)) {
      const where = `${at}/properties/${name}`;
      properties.set(name, {
        shape: () => this.#shapeOf(inner, where),
        optional: !required.has(name),
        forbidden: inner === false,
        at: where,
      });
    }
    return { kind: 'object', properties, open: node.additionalProperties !== false };
  }

  /** `allOf` of objects: the fields of all, closed if one is. */
  #allOf(nodes: readonly SchemaNode[], at: string): Shape {
    const parts = nodes.map((inner, index) => this.#shapeOf(inner, `${at}/allOf/${index}`));
    const properties = new Map<string, Property>();
    let open = true;
    for (const part of parts) {
      if (part.kind !== 'object') throw new Error(`${at}: allOf of something other than objects`);
      for (const [name, property] of part.properties ?? []) properties.set(name, property);
      open &&= part.open;
    }
    return { kind: 'object', properties, open };
  }
}

function literalShape(value: unknown): Shape {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', literals: [value] };
  if (typeof value === 'number') return { kind: 'number', literals: [value] };
  if (typeof value === 'boolean') return { kind: 'boolean', literals: [value] };
  throw new Error(`an enum value that is not a string, number, boolean or null: ${JSON.stringify(value)}`);
}
