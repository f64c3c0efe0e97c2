import { join, resolve } from 'node:path';
import { CONFIG_DIR, CONFIG_FILE } from '@infer/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../base-command.js';
import { CONFIG_TEMPLATE, GITIGNORE_TEMPLATE } from '../init/templates.js';
import { type FileToWrite, writeFiles } from '../init/write-files.js';
import { type MigrateReport, applyMigrations } from '../migrations/run.js';

export interface InitReport {
  /** Absolute paths of the files written. */
  readonly files: readonly string[];
  /** What the migrations did; `null` with --skip-migrations. */
  readonly migration: MigrateReport | null;
}

export default class Init extends BaseCommand<typeof Init> {
  static override description =
    `Create .infer/config.yaml (storage defaults, commented) and .infer/.gitignore in the current directory, then apply the migrations.
Existing files are never replaced without --overwrite. With --config, the configuration is written to that file instead, and no .gitignore is written.`;

  static override examples = [
    {
      command: '<%= config.bin %> <%= command.id %>',
      description: 'Write the defaults here and create the SQLite database',
    },
    { command: '<%= config.bin %> <%= command.id %> --skip-migrations', description: 'Only write the files' },
    {
      command: '<%= config.bin %> <%= command.id %> --overwrite',
      description: 'Replace existing files with the defaults',
    },
  ];

  static override enableJsonFlag = true;

  static override flags = {
    overwrite: Flags.boolean({ description: 'replace existing files' }),
    'skip-migrations': Flags.boolean({ description: 'only write the files; do not create or migrate the database' }),
  };

  async run(): Promise<InitReport> {
    const cwd = process.cwd();
    const files = this.#files(cwd);
    const written = writeFiles(files, { overwrite: this.flags.overwrite, cwd });
    for (const path of written) this.log(`Created ${path}`);
    if (this.flags['skip-migrations']) return { files: written, migration: null };
    // Reads back the file just written, so that what is migrated is what the file says.
    const config = await this.loadConfig(files[0]!.path);
    const migration = await applyMigrations(config, this.textOutput());
    return { files: written, migration };
  }

  #files(cwd: string): FileToWrite[] {
    if (this.flags.config !== undefined) return [{ path: resolve(cwd, this.flags.config), content: CONFIG_TEMPLATE }];
    const dir = join(cwd, CONFIG_DIR);
    return [
      { path: join(dir, CONFIG_FILE), content: CONFIG_TEMPLATE },
      { path: join(dir, '.gitignore'), content: GITIGNORE_TEMPLATE },
    ];
  }
}
