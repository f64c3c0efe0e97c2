import { join, resolve } from 'node:path';
import {
  BackendNotInstalledError,
  CONFIG_DIR,
  CONFIG_FILE,
  ConfigurationError,
  DEFAULT_STORAGE_TYPE,
} from '@infer/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../base-command.js';
import { examples } from '../command-help.js';
import { describeLocation } from '../conversations/location.js';
import { typeSections } from '../init/sections.js';
import { GITIGNORE_TEMPLATE, configTemplate } from '../init/templates.js';
import { type FileToWrite, writeFiles } from '../init/write-files.js';
import { type MigrateReport, applyMigrations } from '../migrations/run.js';

export interface InitReport {
  /** Absolute paths of the files written. */
  readonly files: readonly string[];
  /** The storage type written, and where its conversations will be (never a password). */
  readonly type: string;
  readonly location: string;
  /** What the migrations did; `null` with --skip-migrations. */
  readonly migration: MigrateReport | null;
}

export default class Init extends BaseCommand<typeof Init> {
  static override description =
    'Create .infer/config.yaml (storage defaults, commented) and .infer/.gitignore in the current directory, ' +
    'then apply the migrations.\n' +
    "The file sets storage.type to --type, else INFER_STORAGE_TYPE, else sqlite, with that backend's keys and " +
    'defaults, and a commented-out section for every other installed backend; init then says where the ' +
    'conversations will be. Existing files are never replaced without --overwrite. With --config, the ' +
    'configuration is written to that file instead, and no .gitignore is written.';

  static override examples = examples(
    ['', 'Write the defaults here and create the SQLite database'],
    ['--skip-migrations', 'Only write the files'],
    ['--type postgres --skip-migrations', 'A configuration for PostgreSQL, to edit before migrating'],
    ['--overwrite', 'Replace existing files with the defaults'],
  );

  static override enableJsonFlag = true;

  static override flags = {
    overwrite: Flags.boolean({ description: 'replace existing files' }),
    'skip-migrations': Flags.boolean({ description: 'only write the files; do not create or migrate the database' }),
    type: Flags.string({ description: 'the storage type to write (default: INFER_STORAGE_TYPE, else sqlite)' }),
  };

  async run(): Promise<InitReport> {
    const cwd = process.cwd();
    const type = this.#type();
    const files = this.#files(cwd, configTemplate(type, await typeSections(this.backends)));
    const written = writeFiles(files, {
      overwrite: this.flags.overwrite,
      cwd,
      rerun: (file) => this.#commandLine(file),
    });
    for (const path of written) this.log(`Created ${path}`);
    // Reads back the file just written, so that what is said and migrated is what the file says.
    const config = this.flags['skip-migrations']
      ? await this.readConfig(files[0]!.path)
      : await this.loadConfig(files[0]!.path);
    const location = describeLocation(config);
    this.log(`Conversations will be stored in ${location}.`);
    if (this.flags['skip-migrations']) return { files: written, type, location, migration: null };
    const migration = await applyMigrations(config, this.textOutput());
    return { files: written, type, location, migration };
  }

  /** --type, else INFER_STORAGE_TYPE, else the default; an installed type, and not one the variable would override. */
  #type(): string {
    const fromEnv = process.env.INFER_STORAGE_TYPE || undefined;
    const type = this.flags.type ?? fromEnv ?? DEFAULT_STORAGE_TYPE;
    const installed = this.backends.types();
    if (!installed.includes(type)) {
      const error = new BackendNotInstalledError(type, installed);
      throw new ConfigurationError(error.message, {
        hint: `pass --type with one of them, or add a backend with "infer plugins install <package>"`,
      });
    }
    if (fromEnv !== undefined && fromEnv !== type) {
      throw new ConfigurationError(
        `--type ${type} contradicts INFER_STORAGE_TYPE=${fromEnv}, which overrides the file`,
        {
          hint: 'unset INFER_STORAGE_TYPE, or pass the same type to --type',
        },
      );
    }
    return type;
  }

  /** `infer init` with the --config (or `configFile`) and --type given: what a hint tells the user to run. */
  #commandLine(configFile = this.flags.config): string {
    const config = configFile === undefined ? '' : ` --config ${configFile}`;
    const type = this.flags.type === undefined ? '' : ` --type ${this.flags.type}`;
    return `infer init${config}${type}`;
  }

  #files(cwd: string, config: string): FileToWrite[] {
    if (this.flags.config !== undefined) {
      return [{ path: resolve(cwd, this.flags.config), content: config, flag: '--config' }];
    }
    const dir = join(cwd, CONFIG_DIR);
    return [
      { path: join(dir, CONFIG_FILE), content: config },
      { path: join(dir, '.gitignore'), content: GITIGNORE_TEMPLATE },
    ];
  }
}
