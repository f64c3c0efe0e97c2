#!/usr/bin/env node
// Entry points of @oclif/core, not its index: the index also loads modules no command uses and all
// of semver (some 40 regular expressions built) to check the Node version (bench/FINDINGS.md).
import { execute } from '@oclif/core/execute';
import { settings } from '@oclif/core/settings';

// Linked plugins run their built JavaScript, as installed ones do. oclif's ts-node path cannot load
// an ESM plugin on Node 20 anyway; left on, it only printed a warning on every command.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
