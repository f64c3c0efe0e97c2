/**
 * The shape of a JSON value, as a TypeScript type or a JSON Schema describes it: what
 * json-schemas.test.ts compares, so that a field added to a report type and not to its schema (or
 * the reverse), a changed optionality or a changed list of values fails a test.
 */
export type Shape =
  | { readonly kind: 'any' }
  | { readonly kind: 'string'; readonly literals?: readonly string[] }
  | { readonly kind: 'number'; readonly literals?: readonly number[] }
  | { readonly kind: 'boolean'; readonly literals?: readonly boolean[] }
  | { readonly kind: 'null' }
  | { readonly kind: 'array'; readonly items: () => Shape }
  | ObjectShape
  | { readonly kind: 'union'; readonly members: readonly Shape[] };

export interface ObjectShape {
  readonly kind: 'object';
  /** `undefined`: an object whose fields are not described (a schema's bare `{ "type": "object" }`). */
  readonly properties?: ReadonlyMap<string, Property>;
  /** Whether fields beyond `properties` may be there: an index signature, or no `additionalProperties: false`. */
  readonly open: boolean;
}

export interface Property {
  readonly shape: () => Shape;
  readonly optional: boolean;
  /** A schema's `"name": false`: the field must be absent. */
  readonly forbidden?: boolean;
  /** Where a schema describes it (a JSON pointer); a type's fields have none. */
  readonly at?: string;
}

export interface Comparison {
  readonly problems: string[];
  /** JSON pointers of the schema's properties that a type's field matched. */
  readonly covered: string[];
}

const JSON_KINDS: readonly Shape['kind'][] = ['string', 'number', 'boolean', 'null', 'array', 'object'];

const membersOf = (shape: Shape): Shape[] => (shape.kind === 'union' ? shape.members.flatMap(membersOf) : [shape]);

const literalsOf = (shape: Shape): readonly unknown[] | undefined => ('literals' in shape ? shape.literals : undefined);

/** One union of the members, the literals of a kind merged (`'a' | 'b'`); `true | false` is `boolean`. */
export function unionOf(members: readonly Shape[]): Shape {
  const merged: Shape[] = [];
  for (const member of members.flatMap(membersOf)) {
    const literals = literalsOf(member);
    const same = merged.findIndex(
      (m) => literals !== undefined && m.kind === member.kind && literalsOf(m) !== undefined,
    );
    if (same === -1) merged.push(member);
    else
      merged[same] = {
        kind: member.kind,
        literals: [...new Set([...literalsOf(merged[same]!)!, ...literals!])],
      } as Shape;
  }
  const both = merged.findIndex((m) => m.kind === 'boolean' && m.literals?.length === 2);
  if (both !== -1) merged[both] = { kind: 'boolean' };
  return merged.length === 1 ? merged[0]! : { kind: 'union', members: merged };
}

function describeShape(shape: Shape): string {
  if (shape.kind === 'union') return shape.members.map(describeShape).join(' | ');
  return (
    literalsOf(shape)
      ?.map((literal) => JSON.stringify(literal))
      .join(' | ') ?? shape.kind
  );
}

/** The problems of `type` against `schema`, each starting with `path`; and what of the schema it covered. */
export function compare(type: Shape, schema: Shape, path: string): Comparison {
  const result: Comparison = { problems: [], covered: [] };
  const schemaMembers = membersOf(schema);
  const typeMembers = membersOf(type);
  if (schemaMembers.some((m) => m.kind === 'any')) {
    const kinds = new Set(typeMembers.map((m) => m.kind));
    if (!kinds.has('any') && !JSON_KINDS.every((kind) => kinds.has(kind)))
      result.problems.push(`${path}: the schema takes any JSON value, the type only ${describeShape(type)}`);
    return result;
  }
  const matched = new Set<Shape>();
  for (const member of typeMembers) {
    const candidates = schemaMembers.filter((m) => m.kind === member.kind);
    const trials = candidates.map((candidate) => ({ candidate, ...compareMember(member, candidate, path) }));
    const best = trials.sort((a, b) => a.problems.length - b.problems.length)[0];
    if (best === undefined) {
      result.problems.push(`${path}: the type allows ${describeShape(member)}, the schema ${describeShape(schema)}`);
      continue;
    }
    matched.add(best.candidate);
    result.problems.push(...best.problems);
    result.covered.push(...best.covered);
  }
  for (const member of schemaMembers.filter((m) => !matched.has(m)))
    result.problems.push(`${path}: the schema allows ${describeShape(member)}, the type ${describeShape(type)}`);
  return result;
}

function compareMember(type: Shape, schema: Shape, path: string): Comparison {
  if (type.kind === 'array' && schema.kind === 'array') return compare(type.items(), schema.items(), `${path}[]`);
  if (type.kind === 'object' && schema.kind === 'object') return compareObjects(type, schema, path);
  const typeLiterals = literalsOf(type);
  const schemaLiterals = literalsOf(schema);
  // A schema may list the values of a field the type leaves open (`drift: true` of a `boolean`), never the reverse.
  if (typeLiterals === undefined) return { problems: [], covered: [] };
  const wrong =
    schemaLiterals === undefined ||
    schemaLiterals.length !== typeLiterals.length ||
    !typeLiterals.every((literal) => schemaLiterals.includes(literal));
  const problem = `${path}: the type allows ${describeShape(type)}, the schema ${describeShape(schema)}`;
  return { problems: wrong ? [problem] : [], covered: [] };
}

function compareObjects(type: ObjectShape, schema: ObjectShape, path: string): Comparison {
  const result: Comparison = { problems: [], covered: [] };
  if (schema.properties === undefined) return result;
  if (type.open !== schema.open)
    result.problems.push(
      `${path}: ${type.open ? 'open' : 'closed'} in the type, ${schema.open ? 'open' : 'closed'} in the schema`,
    );
  for (const [name, field] of type.properties ?? []) {
    const described = schema.properties.get(name);
    const where = `${path}.${name}`;
    if (described === undefined || described.forbidden) {
      result.problems.push(`${where}: in the type, ${described ? 'forbidden' : 'missing'} in the schema`);
      continue;
    }
    if (field.optional !== described.optional)
      result.problems.push(`${where}: ${field.optional ? 'optional' : 'required'} in the type, not in the schema`);
    const inner = compare(field.shape(), described.shape(), where);
    result.problems.push(...inner.problems);
    result.covered.push(described.at!, ...inner.covered);
  }
  for (const [name, described] of schema.properties) {
    if (!described.optional && !described.forbidden && !type.properties?.has(name))
      result.problems.push(`${path}.${name}: required by the schema, not in the type`);
  }
  return result;
}
