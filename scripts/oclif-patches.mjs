// Two changes to @oclif/core as the command line's bundle inlines it, each the same result for less
// work at every start (bench/FINDINGS.md, "Below oclif's own floor"). Each replaces one exact piece
// of oclif's code, and the build fails when that piece is no longer there, so that a new oclif is
// looked at again rather than bundled half-changed. packages/cli/test/bundled-oclif.test.ts checks
// that each function below answers as the code it replaces.

/**
 * The order `String.prototype.localeCompare` gives command ids made of `a`–`z`, `:` and `-` (every
 * command id of ours and of oclif's plugins), without building a collator: V8's first collator
 * builds the set of every locale ICU has, about 9 ms. Other ids are compared as oclif does.
 */
export function commandIdOrder(a, b) {
  const plain = /^[a-z:-]*$/;
  if (!plain.test(a) || !plain.test(b)) return a.localeCompare(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a dependency `name` is the core plugin `pattern` names, as minimatch answers, without
 * compiling a pattern that has no glob syntax in it: oclif asks this of every dependency against
 * every core plugin at every start, and compiles each pattern anew each time.
 */
export function isCorePlugin(name, pattern, minimatch) {
  const glob = /[*?[\]{}\\#]|[!+@]\(|^!/;
  return glob.test(pattern) ? minimatch(name, pattern) : name === pattern;
}

const PATCHES = [
  {
    file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/,
    from: '.sort((a, b) => a.id.localeCompare(b.id));',
    to: `.sort((a, b) => (${commandIdOrder})(a.id, b.id));`,
  },
  {
    file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin-loader\.js$/,
    from: 'patterns.some((w) => (0, minimatch_1.minimatch)(p, w))',
    to: `patterns.some((w) => (${isCorePlugin})(p, w, minimatch_1.minimatch))`,
  },
];

/** The rolldown plugin that applies the patches, and fails the build when one finds nothing to replace. */
export function oclifStartupPatches() {
  const applied = new Set();
  return {
    name: 'oclif-startup-patches',
    transform(code, id) {
      const patch = PATCHES.find(({ file }) => file.test(id));
      if (patch === undefined) return null;
      if (!code.includes(patch.from)) throw new Error(`oclif-patches: ${id} no longer holds ${patch.from}`);
      applied.add(patch);
      return { code: code.replace(patch.from, patch.to), map: null };
    },
    buildEnd(error) {
      const missing = PATCHES.filter((patch) => !applied.has(patch));
      if (error === undefined && missing.length > 0)
        throw new Error(`oclif-patches: not applied: ${missing.map(({ from }) => from).join('; ')}`);
    },
  };
}
