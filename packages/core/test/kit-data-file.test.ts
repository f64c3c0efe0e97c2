import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackendSetting } from '../src/index.js';
import { dataFile, section, waitSeconds } from '../src/kit/config.js';
import { sectionParser, settingDefaults } from '../src/kit/index.js';

const settings = [
  { key: 'path', description: 'The file.', default: '~/.acme/data.db', path: {} },
  { key: 'busy_timeout', description: 'Seconds to wait.', default: 30 },
  { key: 'note', description: 'No default.' },
] as const satisfies readonly BackendSetting[];
const defaults = settingDefaults(settings);
const parse = sectionParser(
  'acme',
  section({ path: dataFile(defaults.path), busy_timeout: waitSeconds(defaults.busy_timeout) }),
);

function message(input: Record<string, unknown>): string {
  try {
    parse(input as never);
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('expected a configuration error');
}

describe('settingDefaults, dataFile and waitSeconds', () => {
  it('give the schema the defaults the settings list, once, a key without one undefined', () => {
    expect(defaults).toEqual({ path: '~/.acme/data.db', busy_timeout: 30, note: undefined });
  });

  it('resolve the default path and a written one as users mean them; a wait may be 0', () => {
    expect(parse()).toEqual({ path: join(homedir(), '.acme', 'data.db'), busy_timeout: 30 });
    expect(parse({ path: ' data/x.db ', busy_timeout: 0 })).toEqual({ path: resolve('data/x.db'), busy_timeout: 0 });
    expect(parse(parse({ path: 'x.db' }))).toEqual(parse({ path: 'x.db' }));
  });

  it.each([
    [{ path: ' ' }, 'storage.acme.path: must be a file path, e.g. ~/.acme/data.db'],
    [{ path: 3 }, 'storage.acme.path: Invalid type: Expected string but received 3'],
    [{ busy_timeout: 'soon' }, 'storage.acme.busy_timeout: must be a number of seconds'],
    [{ busy_timeout: -1 }, 'storage.acme.busy_timeout: must be 0 or more seconds'],
    [{ busy_timeout: 3e6 }, 'storage.acme.busy_timeout: must be at most 2147483 seconds (24 days)'],
  ])('refuse %j in one line naming the key', (input, expected) => {
    expect(message(input)).toBe(expected);
  });
});
