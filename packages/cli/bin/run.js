#!/usr/bin/env node
import module from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

// Node 22.8+ keeps the code it compiled for every module loaded here between runs, in the user's cache
// directory, never in the package. Node itself honours NODE_DISABLE_COMPILE_CACHE, and a directory it
// cannot write only leaves the cache off: enableCompileCache reports that instead of throwing.
if (module.enableCompileCache) {
  const xdgCache = process.env.XDG_CACHE_HOME;
  const cacheHome = xdgCache && isAbsolute(xdgCache) ? xdgCache : join(homedir(), '.cache');
  module.enableCompileCache(join(cacheHome, 'infer', 'compile-cache'));
}

// Imported after the cache is on, so that it covers them. Entry points of @oclif/core, not its index:
// the index also loads modules no command uses and all of semver to check the Node version.
const { execute } = await import('@oclif/core/execute');
const { settings } = await import('@oclif/core/settings');

// Linked plugins run their built JavaScript, as installed ones do. oclif's ts-node path cannot load
// an ESM plugin on Node 20 anyway; left on, it only printed a warning on every command.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
