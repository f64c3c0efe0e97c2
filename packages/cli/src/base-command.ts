import { format } from 'node:util';
import { type StorageConfig, loadStorageConfig } from '@infer/core';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import type { Interfaces } from '@oclif/core';
import { PluginBackends } from './backends/discover.js';
import type { TextOutput } from './migrations/text-output.js';
import {
  type ErrorDocument,
  debugDetails,
  errorLine,
  isExitSignal,
  reportOf,
  reportWithSuggestion,
} from './output/errors.js';
import { writeJsonDocument } from './output/json.js';
import { stderrLine } from './output/stderr.js';
import { type Table, tableText } from './output/table.js';
import { terminalLine, visible } from './output/visible.js';
import { type ConfigUse, assertTrusted } from './trust/gate.js';
import { routeWarnings } from './output/warnings.js';

export type InferFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;

/**
 * What every `infer` command shares: the `--config` and `--json` flags, the installed backends
 * (plugins with an `infer:backend:<type>` hook), configuration loading, and error rendering (one line
 * on stderr and an exit code from `exit-codes.ts`; the stack only with DEBUG set).
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  /** Every command reports with --json (schemas/*.schema.json), unless it turns it off. */
  static override enableJsonFlag = true;

  static override baseFlags = {
    config: Flags.string({
      description: 'configuration file to use instead of ./.infer/config.yaml or ~/.infer/config.yaml',
      helpGroup: 'GLOBAL',
    }),
  };

  protected flags!: InferFlags<T>;
  #backends: PluginBackends | undefined;

  override async init(): Promise<void> {
    await super.init();
    const { flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as InferFlags<T>;
    routeWarnings((line) => stderrLine('yellow', 'Warning:', line));
  }

  /** The installed backends; a plugin is loaded when its type is needed, and a failing one is warned about. */
  protected get backends(): PluginBackends {
    this.#backends ??= new PluginBackends(this.config, (failure) => {
      const line = `plugin ${failure.plugin} ${failure.version} failed to register its backend: ${failure.reason}`;
      stderrLine('yellow', 'Warning:', line);
    });
    return this.#backends;
  }

  /**
   * Reads the configuration once, for a command that opens its backend or runs migrations:
   * `configPath`, else `--config`, else the usual lookup; a file found in the current directory
   * must be approved for what it would do (see trust/gate.ts).
   */
  protected async loadConfig(
    configPath: string | undefined = this.flags.config,
    use: ConfigUse & { flag?: string } = {},
  ): Promise<StorageConfig> {
    const config = await this.readConfig(configPath, use.flag);
    await assertTrusted(config, use);
    return config;
  }

  /** The configuration as `loadConfig` reads it, for commands that never connect. */
  protected readConfig(
    configPath: string | undefined = this.flags.config,
    configFlag?: string,
  ): Promise<StorageConfig> {
    return loadStorageConfig({
      registry: this.backends,
      ...(configPath === undefined ? {} : { configPath }),
      ...(configFlag === undefined ? {} : { configFlag }),
    });
  }

  /** Where the migration commands write: the report on stdout (text mode only), warnings on stderr. */
  protected textOutput(): TextOutput {
    return {
      json: this.jsonEnabled(),
      log: (line) => this.log(line),
      warn: (line) => stderrLine('yellow', 'Warning:', line),
    };
  }

  /** Where a read command says what it did besides its report (a migration, a backup): all on stderr. */
  protected noticeOutput(): TextOutput {
    return {
      json: false,
      log: (line) => process.stderr.write(`${terminalLine(line)}\n`),
      warn: (line) => stderrLine('yellow', 'Warning:', line),
    };
  }

  /**
   * Text output, with whatever it quotes of stored data, files or configuration shown escaped
   * (output/visible.ts): no line a command prints can drive the terminal. Newlines and tabs stay.
   */
  override log(message = '', ...args: unknown[]): void {
    super.log(visible(format(message, ...args), 'body'));
  }

  /** A table: the table escapes its own cells and makes its header bold on a terminal. */
  protected logTable(table: Table): void {
    super.log(tableText(table));
  }

  /** Plain JSON: oclif would colour it, which breaks consumers that expect a parseable document. */
  override logJson(json: unknown): void {
    writeJsonDocument(json);
  }

  /**
   * Exactly one line on stderr (`Error: <message>. Fix: <hint>`), the stack and causes only with
   * DEBUG, and the exit code of the error's kind. With --json the same report also goes to stdout.
   */
  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    if (isExitSignal(error)) throw error;
    const report = reportWithSuggestion(error, this.id);
    if (this.jsonEnabled()) this.logJson({ error: report } satisfies ErrorDocument);
    stderrLine('red', 'Error:', errorLine(report));
    if (process.env.DEBUG) process.stderr.write(`${debugDetails(error)}\n`);
    this.exit(report.exitCode);
  }

  /**
   * Ends a command that has already written its result (text, or the --json document): the error's
   * one line on stderr and its exit code, without a second JSON document on stdout.
   */
  protected failAfterOutput(error: unknown): never {
    const report = reportOf(error, this.id);
    stderrLine('red', 'Error:', errorLine(report));
    return this.exit(report.exitCode);
  }
}
