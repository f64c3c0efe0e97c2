import { ErrorCode, isInferError } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { addonLoadFailure } from '../src/addon-errors.js';

/** Node's own words when an addon of another ABI is loaded (process.dlopen). */
const ABI_ERROR = Object.assign(
  new Error(
    "The module '/srv/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against " +
      'a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js ' +
      'requires\nNODE_MODULE_VERSION 137. Please try re-compiling or re-installing\nthe module (for instance, ' +
      'using `npm rebuild` or `npm install`).',
  ),
  { code: 'ERR_DLOPEN_FAILED' },
);

describe('a native addon that does not load', () => {
  it('names both ABIs, the running Node.js and npm rebuild in the directory that installed it', () => {
    const error = addonLoadFailure(ABI_ERROR, '/srv/app/node_modules/better-sqlite3');
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(error!.message).toBe(
      'better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION 115); this is Node.js ' +
        `${process.version} (NODE_MODULE_VERSION 137)`,
    );
    expect(error!.hint).toBe(
      'rebuild it for this Node.js: cd "/srv/app" && npm rebuild better-sqlite3, or run infer with the Node.js ' +
        'it was built for',
    );
    expect(error!.message).not.toMatch(/writable/);
  });

  it('says pnpm rebuild in a pnpm layout, and the outermost project of a global install', () => {
    expect(
      addonLoadFailure(ABI_ERROR, '/repo/node_modules/.pnpm/better-sqlite3@12.4.1/node_modules/better-sqlite3')!.hint,
    ).toContain('cd "/repo" && pnpm -r rebuild better-sqlite3');
    expect(addonLoadFailure(ABI_ERROR, '/usr/lib/node_modules/@infer/cli/node_modules/better-sqlite3')!.hint).toContain(
      'cd "/usr/lib/node_modules/@infer/cli" && npm rebuild better-sqlite3',
    );
    expect(addonLoadFailure(ABI_ERROR, undefined)!.hint).toContain(
      'rebuild it for this Node.js: npm rebuild better-sqlite3,',
    );
  });

  it('names another load failure (another platform) with the same fix, and leaves other errors alone', () => {
    const elf = Object.assign(new Error('/x/better_sqlite3.node: invalid ELF header'), { code: 'ERR_DLOPEN_FAILED' });
    expect(addonLoadFailure(elf, '/x/node_modules/better-sqlite3')!.message).toMatch(
      /^better-sqlite3's native addon cannot be loaded by Node\.js v\d+.* \(.*invalid ELF header\)$/,
    );
    expect(
      addonLoadFailure(
        Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' }),
        undefined,
      ),
    ).toBeUndefined();
  });
});
