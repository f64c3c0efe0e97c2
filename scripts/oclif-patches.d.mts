// Types of oclif-patches.mjs for the tests that import it (the build runs it as plain JavaScript).
export declare function commandIdOrder(a: string, b: string): number;
export declare function isCorePlugin(
  name: string,
  pattern: string,
  minimatch: (name: string, pattern: string) => boolean,
): boolean;
export declare function oclifStartupPatches(): unknown;
