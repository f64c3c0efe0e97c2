import { ErrorCode, InferError, messageOf } from '../errors.js';
import type { MigrationResult } from './migration.js';

/** A migration failed; it was rolled back and those after it did not run. */
export class MigrationError extends InferError {
  readonly version: string;
  readonly description: string;
  /** What happened to every migration of the run, up to and including the failed one. */
  readonly results: readonly MigrationResult[];

  constructor(version: string, description: string, cause: unknown, results: readonly MigrationResult[]) {
    super(ErrorCode.Migration, `migration ${version} (${description}) failed: ${messageOf(cause)}`, {
      cause,
      hint: 'the migration was rolled back and nothing after it ran; fix the cause and run "infer migrate" again',
    });
    this.version = version;
    this.description = description;
    this.results = results;
  }
}

/** A list of migrations that cannot be run as given (found before anything runs). */
export class MigrationDefinitionError extends InferError {
  constructor(message: string) {
    super(ErrorCode.MigrationDefinition, message, {
      hint: 'give every migration a unique, digits-only version',
    });
  }
}
