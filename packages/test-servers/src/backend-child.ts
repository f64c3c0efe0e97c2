import { fileURLToPath } from 'node:url';
import { type Exit, startNode } from './node-child.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/migrate-backend.mjs', import.meta.url));

/** Where a backend's descriptor is: the module (a file URL, e.g. from `import.meta.resolve`) and its export. */
export interface DescriptorModule {
  readonly module: string;
  readonly name: string;
}

/**
 * A process of its own that migrates the database of `settings` with the backend of `descriptor`:
 * `migrate` as `infer migrate` does, `open` as an application opening the backend does. Its stdout
 * is the run's `[version, outcome]` pairs as JSON.
 */
export function migrateInChild(descriptor: DescriptorModule, settings: object, how: 'migrate' | 'open'): Promise<Exit> {
  return startNode([FIXTURE, descriptor.module, descriptor.name, JSON.stringify(settings), how]).exit;
}
