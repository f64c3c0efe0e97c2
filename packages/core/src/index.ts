/**
 * `@infer/core`: the application API of infer storage: configuration loading, the backend
 * registry and its DI registration, the domain types of a stored conversation, typed errors, the
 * migration engine (`Migrator`) and its types, and the backend contract's types. What backend
 * authors need beyond the contract (the plugin hook, the SQL ledger and driver base, connection
 * failures, config fields) is `@infer/core/kit`.
 */
export { DEFAULT_CAPABILITIES, capabilitiesOf, descriptorCapabilities } from './contract/capabilities.js';
export { CONTRACT_VERSION, IncompatibleBackendError, assertCompatible } from './contract/version.js';
export { loadStorageConfig, DEFAULT_STORAGE_TYPE } from './config/load.js';
export { locateConfig, notAFile, readConfigFile, CONFIG_DIR, CONFIG_FILE, CONFIG_VARIABLE } from './config/files.js';
export { isCredentialKey, isLocationKey } from './config/keys.js';
export { originOf } from './config/origins.js';
export { applyEnvOverrides } from './config/env.js';
export {
  PRIVATE_DIRECTORY_MODE,
  PRIVATE_FILE_MODE,
  createPrivateDirectory,
  writePrivateFile,
} from './files/private-files.js';
export { BACKEND_HOOK_PREFIX, backendHookEvent } from './di/hook.js';
export { BackendCollector } from './di/collector.js';
export { registerBackend } from './di/register.js';
export { TOKENS } from './di/tokens.js';
export { instantOf } from './domain/conversation.js';
export { DOCUMENT_LIMITS, DocumentLimitError, assertDepthWithinLimit, nestedTooDeep } from './domain/limits.js';
export type { DocumentLimit } from './domain/limits.js';
export {
  BackendNotInstalledError,
  ClosedError,
  ConfigurationError,
  LockTimeoutError,
  InterruptedError,
  ConnectionError,
  ErrorCode,
  InferError,
  NotFoundError,
  UnsupportedValueError,
  UntrustedConfigError,
  isInferError,
  messageOf,
} from './errors.js';
export { UNPRINTABLE, printable } from './text/printable.js';
export { counted, nounFor } from './text/count.js';
export {
  BaselineError,
  UnmanagedDatabaseError,
  DatabaseAheadError,
  DriftError,
  LedgerConflictError,
  MigrationDefinitionError,
  MigrationError,
  MigrationInterruptedError,
} from './migrations/errors.js';
export { Migrator } from './migrations/migrator.js';
export { mergeMigrations } from './migrations/merge.js';
export { migrationChecksum } from './migrations/checksum.js';
export { progressReporter } from './migrations/progress.js';
export { stopRequested } from './stop-request.js';
export { lintMigrations } from './migrations/lint.js';
export { configuredMigrations, migrationFiles, nextVersion, readMigrationsDirectory } from './migrations/directory.js';
export type { ConfiguredMigrations, MigrationsDirectory, SkippedEntry } from './migrations/directory.js';
export { buildStatus } from './migrations/status.js';
export { compareVersions, validateMigrations, versionKey } from './migrations/validate.js';
export { BackendRegistry, assertOneBackendPerType } from './registry.js';

export type { BackendCapabilities } from './contract/capabilities.js';
export type {
  BackendDescriptor,
  BackendDescriptorBase,
  BackendSetting,
  MigratingBackendDescriptor,
  SchemalessBackendDescriptor,
  ClosableMigrationDriver,
  MigrationDriverOptions,
  OpenOptions,
} from './contract/descriptor.js';
export type { StandardIssue, StandardResult, StandardSchemaV1 } from './contract/standard-schema.js';
export type { ListOptions, StorageBackend } from './contract/storage-backend.js';
export type { ConfigSource, LocateOptions } from './config/files.js';
export type { EnvOverride } from './config/env.js';
export type { SettingOrigin, SettingOrigins } from './config/origins.js';
export type { LoadConfigOptions, StorageConfig } from './config/load.js';
export type { BackendsHookOptions, BackendsHookResult } from './di/hook.js';
export type { RegistrationContainer } from './di/register.js';
export type { BackendSource, ResolvingContainer } from './registry.js';
// The SQL reader's functions load the statement splitter, so they live in the subpath
// '@infer/core/sql', imported lazily; only its types are exported here.
export type { ExternalStatementRule, SqlStatement, StatementFacts } from './sql/statement.js';
export type { LockHazard } from './sql/lock-hazard.js';
export type {
  Conversation,
  ConversationEntry,
  ConversationMetadata,
  ConversationSummary,
  CostStats,
  Extensible,
  JsonValue,
  Message,
  MessageRole,
  TokenStats,
} from './domain/conversation.js';
export type { InferErrorOptions } from './errors.js';
export type {
  LedgerRecord,
  MigrationDriver,
  MigrationStepOptions,
  StepRetry,
  MigrationTransaction,
  SqlDialect,
  SqlExecutor,
} from './migrations/driver.js';
export type { BatchOptions, DataMigrationContext, RowUpdate } from './migrations/data-context.js';
export type { PartialState } from './migrations/errors.js';
export type { MigrationEvent, MigrationEventListener, MigrationProgress } from './migrations/events.js';
export type { LintProblem, LintRule } from './migrations/lint-problem.js';
export type { DownOptions, MigratorOptions, RepairedChecksum, RunOptions } from './migrations/migrator.js';
export type { PlannedStep } from './migrations/plan.js';
export type {
  DataMigration,
  LedgerRow,
  Migration,
  MigrationOutcome,
  MigrationResult,
  MigrationStatusEntry,
} from './migrations/migration.js';
