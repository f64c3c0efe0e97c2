import { homedir } from 'node:os';
import { sep } from 'node:path';
import type { BackendDescriptor, BackendSetting, BackendSource } from '@infer/core';

/** What `infer init` writes about one installed storage type. */
export interface TypeSection {
  readonly type: string;
  readonly displayName: string;
  readonly settings: readonly BackendSetting[];
}

/**
 * The section of every installed type that loads, in the order of `types()`: its `settings`, each
 * with the default its config schema fills in unless the setting names what to write instead (a
 * path under the home directory written from `~`, as the schema reads it back on every machine). A
 * backend that lists no `settings` (a plugin for an earlier core) shows the schema's defaults
 * alone; a plugin that fails to load is left out (the backends source warns about it).
 */
export async function typeSections(backends: BackendSource): Promise<TypeSection[]> {
  const sections: TypeSection[] = [];
  for (const type of backends.types()) {
    const descriptor = await backends.load(type).catch(() => undefined);
    if (descriptor === undefined) continue;
    const defaults = await schemaDefaults(descriptor.configSchema);
    const settings = descriptor.settings?.map((setting) => withDefault(setting, defaults)) ?? defaults;
    sections.push({ type, displayName: descriptor.displayName, settings });
  }
  return sections;
}

function withDefault(setting: BackendSetting, defaults: readonly BackendSetting[]): BackendSetting {
  const filled = defaults.find((d) => d.key === setting.key)?.default;
  if (setting.default !== undefined || filled === undefined) return setting;
  return { ...setting, default: setting.path && typeof filled === 'string' ? fromHome(filled) : filled };
}

/** `/home/me/.infer/x.db` as `~/.infer/x.db`; a path elsewhere as it is. */
function fromHome(path: string): string {
  const home = homedir();
  if (path === home) return '~';
  if (!path.startsWith(home + sep)) return path;
  const below = path.slice(home.length + 1).split(sep);
  return ['~', ...below].join('/');
}

/** The plain values a config schema fills in for an empty section, without descriptions. */
async function schemaDefaults(schema: BackendDescriptor['configSchema']): Promise<BackendSetting[]> {
  const result = await schema['~standard'].validate({});
  if (result.issues || result.value === null || typeof result.value !== 'object') return [];
  return Object.entries(result.value as Record<string, unknown>)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => ({ key, description: '', default: value as string | number | boolean }));
}
