/**
 * The parts of node-postgres this package uses. A `pg.Pool` satisfies {@link PgPool}; declaring
 * them here keeps `@types/pg` out of the public types and lets an application pass any compatible
 * pool (bring your own client).
 */
export interface PgQueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number | null;
}

/** A query as node-postgres takes it in one object; `query_timeout` (ms) bounds the wait for its answer. */
export interface PgQueryConfig {
  readonly text: string;
  readonly values?: unknown[];
  readonly query_timeout?: number;
}

export interface PgQueryable {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<Row>>;
}

/** node-postgres's connections and pools, which also take a query as one object. */
export interface PgDriverQueryable extends PgQueryable {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<Row>>;
  query<Row = Record<string, unknown>>(config: PgQueryConfig): Promise<PgQueryResult<Row>>;
}

/** A connection checked out of a pool; `release(true)` destroys it instead of returning it. */
export interface PgPoolClient extends PgDriverQueryable {
  release(destroy?: boolean | Error): void;
  /** node-postgres clients are event emitters: 'error' when the server drops the connection. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PgPool extends PgDriverQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

/** Where a connection goes, for messages. Never holds the password. */
export interface PgTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}
