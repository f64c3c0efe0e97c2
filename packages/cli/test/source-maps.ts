import { posix } from 'node:path';

const MAPPING_URL = /^\/\/# sourceMappingURL=(?!data:)(\S+)\s*$/m;

/**
 * The references in a package's files that lead to no file of the package: a `sourceMappingURL`
 * comment of a .js or .d.ts file naming a map that is not there, and a `sources` entry of a .map
 * naming a source that is not there (an embedded `sourcesContent` does not count: the path is what
 * a debugger or an editor opens). `files` maps each path of the package (`/` separators) to its text.
 */
export function danglingSourceMapReferences(files: ReadonlyMap<string, string>): string[] {
  const dangling: string[] = [];
  const check = (from: string, reference: string) => {
    const target = posix.normalize(posix.join(posix.dirname(from), reference));
    if (!files.has(target)) dangling.push(`${from} -> ${reference}`);
  };
  for (const [path, text] of files) {
    if (/\.[cm]?js$|\.d\.[cm]?ts$/.test(path)) {
      const url = MAPPING_URL.exec(text)?.[1];
      if (url !== undefined) check(path, decodeURIComponent(url));
    } else if (path.endsWith('.map')) {
      const map = JSON.parse(text) as { sources?: string[]; sourceRoot?: string };
      for (const source of map.sources ?? []) check(path, posix.join(map.sourceRoot ?? '', source));
    }
  }
  return dangling;
}
