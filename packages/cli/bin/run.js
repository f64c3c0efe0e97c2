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

// Imported after the cache is on, so that it covers the command line and oclif, bundled together.
const { run } = await import('../dist/main.js');
await run(import.meta.url);
