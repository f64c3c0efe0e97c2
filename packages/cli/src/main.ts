import { execute } from '@oclif/core/execute';
import { settings } from '@oclif/core/settings';

/**
 * Runs the command line for the bin at `binUrl`. Built into dist/main.js together with @oclif/core,
 * which the build inlines into one chunk (scripts/bundle.mjs); oclif's entry points rather than its
 * index, which also loads modules no command uses and all of semver to check the Node version.
 */
export async function run(binUrl: string): Promise<void> {
  // Linked plugins run their built JavaScript, as installed ones do. oclif's ts-node path cannot load
  // an ESM plugin on Node 20 anyway; left on, it only printed a warning on every command.
  settings.enableAutoTranspile = false;
  await execute({ dir: binUrl });
}
