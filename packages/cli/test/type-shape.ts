import { join } from 'node:path';
import ts from 'typescript';
import { type Property, type Shape, unionOf } from './json-shapes.js';

/** The CLI's sources as tsc sees them (packages/cli/tsconfig.json; core through its built declarations). */
export class CliTypes {
  readonly #program: ts.Program;
  readonly #checker: ts.TypeChecker;
  readonly #src: string;

  constructor(cliDir: string) {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(cliDir, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    )!;
    this.#program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
    this.#checker = this.#program.getTypeChecker();
    this.#src = join(cliDir, 'src');
  }

  /** What `run()` of the command in src/commands/`file` resolves to: the document `--json` prints. */
  commandOutput(file: string): Shape {
    const command = this.#exported(join(this.#src, 'commands', file), 'default');
    const run = this.#checker.getPropertyOfType(this.#checker.getDeclaredTypeOfSymbol(command), 'run');
    if (run === undefined) throw new Error(`${file}: no run()`);
    const [signature] = this.#checker.getTypeOfSymbol(run).getCallSignatures();
    return this.#shape(this.#checker.getAwaitedType(signature!.getReturnType())!);
  }

  /** The exported type `name` of src/`file`. */
  exportedType(file: string, name: string): Shape {
    return this.#shape(this.#checker.getDeclaredTypeOfSymbol(this.#exported(join(this.#src, file), name)));
  }

  #exported(path: string, name: string): ts.Symbol {
    const module = this.#checker.getSymbolAtLocation(this.#program.getSourceFile(path)!)!;
    const symbol = this.#checker.getExportsOfModule(module).find((s) => s.escapedName === name);
    if (symbol === undefined) throw new Error(`${path} exports no ${name}`);
    return symbol.flags & ts.SymbolFlags.Alias ? this.#checker.getAliasedSymbol(symbol) : symbol;
  }

  #shape(type: ts.Type): Shape {
    const { flags } = type;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'any' };
    if (type.isUnion()) {
      const defined = type.types.filter((member) => !(member.flags & ts.TypeFlags.Undefined));
      return unionOf(defined.map((member) => this.#shape(member)));
    }
    if (type.isStringLiteral()) return { kind: 'string', literals: [type.value] };
    if (type.isNumberLiteral()) return { kind: 'number', literals: [type.value] };
    if (flags & ts.TypeFlags.BooleanLiteral)
      return { kind: 'boolean', literals: [this.#checker.typeToString(type) === 'true'] };
    if (flags & ts.TypeFlags.StringLike) return { kind: 'string' };
    if (flags & ts.TypeFlags.NumberLike) return { kind: 'number' };
    if (flags & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { kind: 'null' };
    if (this.#checker.isArrayType(type) || this.#checker.isTupleType(type)) {
      const [element] = this.#checker.getTypeArguments(type as ts.TypeReference);
      return { kind: 'array', items: () => this.#shape(element!) };
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.#object(type);
    throw new Error(`a type with no JSON counterpart: ${this.#checker.typeToString(type)}`);
  }

  #object(type: ts.Type): Shape {
    const properties = new Map<string, Property>();
    for (const property of this.#checker.getPropertiesOfType(type)) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      properties.set(property.name, { shape: () => this.#shape(this.#checker.getTypeOfSymbol(property)), optional });
    }
    return { kind: 'object', properties, open: this.#checker.getIndexInfosOfType(type).length > 0 };
  }
}
