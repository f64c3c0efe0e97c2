import { Flags } from '@oclif/core';
import { BaseCommand } from '../../base-command.js';
import { type MigrateReport, type StatusReport, applyMigrations, migrationStatus } from '../../migrations/run.js';

export default class Migrate extends BaseCommand<typeof Migrate> {
  static override description = `Apply pending database schema migrations of the configured storage backend.
Each migration runs in its own transaction together with its ledger row (schema_migrations). With --status, show which migrations are applied, pending, or unknown to this release, without creating or changing anything.`;

  static override examples = [
    { command: '<%= config.bin %> <%= command.id %>', description: 'Apply every pending migration' },
    { command: '<%= config.bin %> <%= command.id %> --status', description: 'Show applied and pending migrations' },
    { command: '<%= config.bin %> <%= command.id %> --config ./infer.yaml --json', description: 'Use another config file, report as JSON' },
    { command: 'INFER_STORAGE_SQLITE_PATH=/tmp/c.db <%= config.bin %> <%= command.id %>', description: 'Migrate another SQLite file' },
  ];

  static override enableJsonFlag = true;

  static override flags = {
    status: Flags.boolean({ description: 'show migration status; never writes, never creates a database' }),
  };

  async run(): Promise<MigrateReport | StatusReport> {
    const config = await this.loadConfig();
    const out = { json: this.jsonEnabled(), log: (line: string) => this.log(line) };
    return this.flags.status ? migrationStatus(config, out) : applyMigrations(config, out);
  }
}
