/** What `infer init` writes. The defaults are those of earlier releases (SQLite in ~/.infer). */
import type { TypeSection } from './sections.js';

/**
 * The configuration `infer init` writes: `type` set to the type in effect, whose section is active
 * with its defaults; every other installed type's section commented out, so that removing the `# `
 * in front of its lines turns it on. Keys without a default are commented out in every section.
 */
export function configTemplate(type: string, sections: readonly TypeSection[]): string {
  const lines = [
    '# infer configuration, written by "infer init".',
    '# Only the storage section is read by the storage commands; other sections belong to',
    '# the rest of the CLI. Any storage key can be overridden from the environment, its key',
    '# path upper-cased with dots as underscores, e.g. INFER_STORAGE_TYPE=memory or',
    '# INFER_STORAGE_SQLITE_PATH=/tmp/conversations.db.',
    '# Paths: ~ is your home directory; a relative path is relative to the directory of this',
    '# file (relative to the current directory when an environment variable gives it).',
    'storage:',
    '  # false turns conversation storage off.',
    '  enabled: true',
    `  # Which backend stores conversations; installed: ${sections.map((s) => s.type).join(', ')}`,
    '  # ("infer backends" lists them, "infer plugins install <package>" adds more).',
    `  type: ${type}`,
  ];
  // The type in effect first: the section that is read.
  const ordered = [...sections.filter((s) => s.type === type), ...sections.filter((s) => s.type !== type)];
  for (const section of ordered) lines.push(...sectionLines(section, section.type === type));
  return `${lines.join('\n')}\n`;
}

/** `  sqlite:` and its keys, each after its description; `# ` in front of what is off. */
function sectionLines({ type, displayName, settings }: TypeSection, active: boolean): string[] {
  const off = active ? '' : '# ';
  const howToUse = `: to use it, set type: ${type} and remove the "# " in front of the lines below`;
  const lines = ['', `  # ${displayName}${active ? '' : howToUse}`];
  lines.push(`  ${off}${type}:${settings.length === 0 ? ' {}' : ''}`);
  for (const setting of settings) {
    if (setting.description) lines.push(`  ${off}  # ${setting.description}`);
    const value = setting.default === undefined ? '' : ` ${yamlScalar(setting.default)}`;
    lines.push(`  ${off}  ${setting.default === undefined ? '# ' : ''}${setting.key}:${value}`);
  }
  return lines;
}

/** A default as YAML writes it: text that would read back as something else (`''`, `5432`, `yes`) is quoted. */
function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return /^[\w~./-]+$/.test(value) && !/^(?:true|false|yes|no|on|off|null|~|[-+.\d][\d._eE+-]*)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

export const GITIGNORE_TEMPLATE =
  '# Written by "infer init": keep local databases and their journals out of version control.\n' +
  '*.db\n' +
  '*.db-wal\n' +
  '*.db-shm\n' +
  '*.db-journal\n' +
  '*.sqlite\n' +
  '*.sqlite3\n' +
  '*.sqlite-wal\n' +
  '*.sqlite-shm\n' +
  '*.sqlite3-wal\n' +
  '*.sqlite3-shm\n';
