import pg from 'pg';
import { mismatch } from './ledger.js';
import { POSTGRES } from './services.js';
import { LEDGERS } from './shapes.js';

/**
 * The harness's own connection to the PostgreSQL server, outside every timing: creates and drops
 * the throw-away databases and reads what a run left in one. `connect` fails with one clear line
 * when the server is unreachable, so a measure cannot pass without it.
 */
export class PgAdmin {
  #client;
  #created = new Set();

  constructor(client) {
    this.#client = client;
  }

  /**
   * Connects, then runs a measure's `setup` with the admin; when the setup fails, drops what it
   * created and disconnects before rethrowing, so that a failed setup leaves nothing behind.
   */
  static async setUp(setup) {
    const admin = await PgAdmin.connect();
    try {
      return await setup(admin);
    } catch (error) {
      await admin.close();
      throw error;
    }
  }

  static async connect() {
    const client = new pg.Client({ ...POSTGRES, database: 'postgres', connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL at ${POSTGRES.host}:${POSTGRES.port} (user ${POSTGRES.user}) is unreachable: ` +
          `${error.code ?? ''} ${error.message}; ` +
          'start it (see docs/services.md) or set BENCH_POSTGRES_HOST/PORT/USER',
      );
    }
    return new PgAdmin(client);
  }

  async createDatabase(name) {
    await this.#client.query(`CREATE DATABASE ${name}`);
    this.#created.add(name);
    return name;
  }

  async dropDatabase(name) {
    await this.#client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    this.#created.delete(name);
  }

  /** Runs `work` on a client of `database`, ended afterwards. */
  async withDatabase(database, work) {
    const client = new pg.Client({ ...POSTGRES, database });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /**
   * Rows of the ledger (ours, or a peer tool's of LEDGERS), generated tables (`t_NNNN`) and their indexes in
   * `database`.
   */
  async inspect(database, ledger = LEDGERS.infer) {
    return this.withDatabase(database, async (client) => {
      const { rows } = await client.query(
        `
        SELECT (SELECT count(*) FROM pg_tables
                 WHERE schemaname = 'public' AND tablename LIKE 't\\_%')::int AS "benchTables",
               (SELECT count(*) FROM pg_indexes
                 WHERE schemaname = 'public' AND indexname LIKE 'idx\\_t\\_%')::int AS "benchIndexes",
               to_regclass($1) IS NOT NULL AS "hasLedger"`,
        [ledger],
      );
      const { benchTables, benchIndexes, hasLedger } = rows[0];
      const ledgerRows = hasLedger ? (await client.query(`SELECT count(*)::int AS n FROM ${ledger}`)).rows[0].n : 0;
      return { ledgerRows, benchTables, benchIndexes };
    });
  }

  /** A problem string when `database` does not hold `expected` (a partial of inspect). */
  async expect(database, expected, ledger = LEDGERS.infer) {
    let actual;
    try {
      actual = await this.inspect(database, ledger);
    } catch (error) {
      return `cannot inspect database ${database}: ${error.message}`;
    }
    return mismatch(`database ${database}`, actual, expected);
  }

  /** Drops every database still left, then disconnects. */
  async close() {
    for (const name of [...this.#created]) await this.dropDatabase(name);
    await this.#client.end();
  }
}
