// The licences of the packages a build inlined into a package's dist/: their code is published in
// our tarball, so their copyright and licence notices go with it, in dist/THIRD-PARTY-NOTICES.md.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

const LICENCE_FILE = /^(licen[cs]e|copying)([-.][\w.-]+)?$/i;

/** The directory of the package that holds `file`, the nearest one with a package.json naming it. */
function packageDirectory(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (!dir.includes(`${sep}node_modules${sep}`)) return undefined;
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name) return dir;
  }
  return undefined;
}

/** The packages of `moduleIds` (every module of a build's output) that come from node_modules. */
export function inlinedPackages(moduleIds) {
  const dirs = new Set();
  for (const id of moduleIds) {
    const dir = packageDirectory(id);
    if (dir !== undefined) dirs.add(dir);
  }
  return [...dirs];
}

/**
 * Writes `output`/THIRD-PARTY-NOTICES.md for the package directories `dirs` (name, version, licence
 * and its text), or removes the file when nothing was inlined. Fails when a package ships no licence
 * text: code must not be published without one.
 */
export function writeNotices(output, dirs) {
  const file = join(output, 'THIRD-PARTY-NOTICES.md');
  if (dirs.length === 0) return rmSync(file, { force: true });
  const entries = dirs
    .map((dir) => {
      const { name, version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const text = readdirSync(dir).find((entry) => LICENCE_FILE.test(entry));
      if (text === undefined) throw new Error(`notices: ${name}@${version} (${dir}) ships no licence file`);
      return { name, version, license, text: readFileSync(join(dir, text), 'utf8').trim() };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unique = entries.filter(
    (e, i) => i === 0 || `${e.name}@${e.version}` !== `${entries[i - 1].name}@${entries[i - 1].version}`,
  );
  const sections = unique.map(
    ({ name, version, license, text }) => `## ${name} ${version} (${license})\n\n\`\`\`\n${text}\n\`\`\``,
  );
  const intro = 'The bundles in this directory include code of these packages, under these licences.';
  writeFileSync(file, `# Third-party notices\n\n${intro}\n\n${sections.join('\n\n')}\n`);
}
