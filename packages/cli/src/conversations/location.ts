import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { type StorageConfig, isLocationKey } from '@infer/core';
import { redact } from '../output/redact.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/** The settings of a configuration that say where its data is, as configured, sorted by key. */
function settingsOf(config: StorageConfig): [string, unknown][] {
  const options = (config.options ?? {}) as Record<string, unknown>;
  return Object.entries(options)
    .filter(([key, value]) => isLocationKey(key) && value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The settings that say where a configuration's data is, normalised to compare two stores. */
export function locationOf(config: StorageConfig): [string, unknown][] {
  return settingsOf(config).map(([key, value]): [string, unknown] => [key, normalise(key, value)]);
}

/** True when both configurations name the same store of the same type. */
export function sameLocation(a: StorageConfig, b: StorageConfig): boolean {
  return a.type === b.type && JSON.stringify(locationOf(a)) === JSON.stringify(locationOf(b));
}

/** `postgres (host=127.0.0.1, port=5432, database=x)`, as configured, empty settings left out: never a credential. */
export function describeLocation(config: StorageConfig): string {
  const settings = settingsOf(config)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return redact(settings.length === 0 ? config.type : `${config.type} (${settings.join(', ')})`);
}

function normalise(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key === 'host' && LOOPBACK.has(value)) return 'localhost';
  // One file reached through two paths (a symlink, `..`) is one store.
  return isAbsolute(value) && existsSync(value) ? realpathSync(value) : value;
}
