import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, configuredMigrations, migrationFiles, nextVersion } from '@infer/core';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples } from '../../command-help.js';

export interface CreatedMigration {
  readonly version: string;
  readonly up: string;
  readonly down: string;
}

export default class MigrateCreate extends BaseCommand<typeof MigrateCreate> {
  static override description =
    'Write the next numbered migration of the application: an up and a down SQL file.\n' +
    'The files go to <storage.migrations_dir>/<backend>/ (e.g. migrations/sqlite/004_add_tags.up.sql) and are ' +
    'numbered after every migration of that backend, its own included; infer migrate applies them after the ' +
    "backend's own, in one sequence. An existing file is never overwritten.";

  static override examples = examples(
    ['"add tags"', 'Next migration for the configured backend'],
    ['add_tags --backend postgres', 'The same for PostgreSQL'],
  );

  static override enableJsonFlag = true;

  static override args = {
    name: Args.string({ description: 'what the migration does, e.g. "add tags"', required: true }),
  };

  static override flags = {
    backend: Flags.string({ description: 'storage type the SQL is for (default: storage.type)' }),
  };

  async run(): Promise<CreatedMigration> {
    const { args } = await this.parse(MigrateCreate);
    const config = await this.readConfig();
    if (config.migrationsDir === undefined) {
      throw new ConfigurationError(
        'storage.migrations_dir is not set: there is no directory for application migrations',
        {
          hint:
            'add "migrations_dir: ./migrations" under storage in the config file (or set ' +
            'INFER_STORAGE_MIGRATIONS_DIR)',
        },
      );
    }
    const type = this.flags.backend ?? config.type;
    const descriptor = type === config.type ? config.descriptor : await this.backends.load(type);
    if (descriptor.migrations === 'none') {
      throw new ConfigurationError(`the ${descriptor.displayName} backend has no schema, so it takes no migrations`, {
        hint: 'pass --backend with a SQL backend, e.g. --backend sqlite',
      });
    }
    const directory = join(config.migrationsDir, type);
    const { all } = await configuredMigrations({ type, descriptor, migrationsDir: config.migrationsDir });
    const version = nextVersion(all);
    const files = migrationFiles(version, args.name, descriptor.displayName);
    mkdirSync(directory, { recursive: true });
    const up = join(directory, `${files.base}.up.sql`);
    const down = join(directory, `${files.base}.down.sql`);
    writeNew(up, files.up);
    writeNew(down, files.down);
    this.log(`Created ${up}`);
    this.log(`Created ${down}`);
    return { version, up, down };
  }
}

/** `wx`: fails instead of replacing a file that exists. */
function writeNew(path: string, content: string): void {
  try {
    writeFileSync(path, content, { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    throw new ConfigurationError(`${path} already exists; it was left unchanged`, {
      hint: 'pick another name, or edit that file',
    });
  }
}
