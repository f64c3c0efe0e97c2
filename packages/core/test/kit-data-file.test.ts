import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFile, section, waitSeconds } from '../src/kit/config.js';
import { sectionParser } from '../src/kit/index.js';

const parse = sectionParser('acme', section({ path: dataFile('~/.acme/data.db'), busy_timeout: waitSeconds(30) }));

function message(input: Record<string, unknown>): string {
  try {
    parse(input as never);
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('expected a configuration error');
}

describe('dataFile and waitSeconds', () => {
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
