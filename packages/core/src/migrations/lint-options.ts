import type { ExternalStatementRule, MigrationDriver, SqlDialect } from './driver.js';

/** What the checks of a migration list need to know of the driver. */
export interface LintOptions {
  readonly dialect: SqlDialect;
  /** The driver's `outsideTransactionRefusal`: a pending migration without a transaction is then an error. */
  readonly outsideTransactionRefusal?: string | undefined;
  /** The driver's `externalStatements`: a migration with one and without `external: true` is an error. */
  readonly externalStatements?: readonly ExternalStatementRule[] | undefined;
}

/** The lint options of a driver. */
export function lintOptionsOf(driver: MigrationDriver): LintOptions {
  return {
    dialect: driver.sqlDialect,
    outsideTransactionRefusal: driver.outsideTransactionRefusal,
    externalStatements: driver.externalStatements,
  };
}
