// An ESM import of a Node builtin builds a namespace of every export, reading each one: node:fs's
// lazy getters then load the whole streams stack, on every start; CommonJS code such as oclif's pays
// none of it. So the bundles take builtins with process.getBuiltinModule (Node 20.16), which returns
// the module as `require` would. One import line becomes one line, so stack traces keep their lines.
const BUILTIN_IMPORT = /^import (?:\* as (\w+)|(\w+)|\{([^}]*)\}) from "(node:[\w/]+)";$/gm;

/**
 * Rewrites `import { a, b as c } from "node:x";` into
 * `const { a, b: c } = globalThis.process.getBuiltinModule("node:x");`.
 */
export function builtinsWithoutNamespaces() {
  return {
    name: 'builtins-without-namespaces',
    renderChunk(code) {
      const rewritten = code.replace(BUILTIN_IMPORT, (line, namespace, defaultName, named, id) => {
        // `{ default as x }` has no counterpart in the module `require` returns: left as it is.
        if (named !== undefined && /\bdefault\b/.test(named)) return line;
        // globalThis: a binding named `process` in the chunk would shadow the global.
        const builtin = `globalThis.process.getBuiltinModule(${JSON.stringify(id)})`;
        return named === undefined
          ? `const ${namespace ?? defaultName} = ${builtin};`
          : `const {${named.replace(/ as /g, ': ')}} = ${builtin};`;
      });
      return rewritten === code ? null : { code: rewritten, map: null };
    },
  };
}
