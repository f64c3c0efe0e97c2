#!/usr/bin/env node
import { execute, settings } from '@oclif/core';

// Linked plugins run their built JavaScript, as installed ones do. oclif's ts-node path cannot load
// an ESM plugin on Node 20 anyway; left on, it only printed a warning on every command.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
