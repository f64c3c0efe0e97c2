import { type AlterAction, alterTable, qualifiedName } from './alter-table.js';
import { addedColumn, callsAny } from './column-definition.js';
import type { LockHazard } from './lock-hazard.js';
import { isKeyword, keywordOf, type SqlToken, tokenize, topLevel } from './tokenize.js';

/** Functions whose value changes per row, so that a DEFAULT calling one rewrites the whole table. */
const VOLATILE = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'clock_timestamp',
  'timeofday',
  'nextval',
]);
const SERIAL = new Set(['SERIAL', 'BIGSERIAL', 'SMALLSERIAL', 'SERIAL2', 'SERIAL4', 'SERIAL8']);

/**
 * The PostgreSQL statements that hold a lock blocking reads or writes of a table for as long as
 * they scan or rewrite it, each with its safe alternative: CREATE INDEX without CONCURRENTLY,
 * REINDEX without CONCURRENTLY, DROP INDEX without CONCURRENTLY, VACUUM FULL, CLUSTER, and the
 * ALTER TABLE actions of {@link alterHazards}.
 *
 * @example
 * postgresHazards(tokenize('CREATE INDEX i ON t (a)', 'postgres'))[0].id // 'create-index'
 */
export function postgresHazards(tokens: readonly SqlToken[]): LockHazard[] {
  const hazard = (id: string, table: string, reason: string, fix: string): LockHazard[] => [
    { id, table, reason, fix, applies: 'existing' },
  ];
  switch (keywordOf(tokens[0])) {
    case 'CREATE': {
      const at = isKeyword(tokens[1], 'UNIQUE') ? 2 : 1;
      if (!isKeyword(tokens[at], 'INDEX') || isKeyword(tokens[at + 1], 'CONCURRENTLY')) return [];
      const table = indexedTable(tokens);
      return hazard(
        'create-index',
        table,
        `CREATE INDEX on "${table}" blocks writes to it while the index builds`,
        'use CREATE INDEX CONCURRENTLY in a migration with "transaction: false"',
      );
    }
    case 'ALTER':
      return alterHazards(tokens);
    case 'VACUUM':
      return tokens.some((token) => isKeyword(token, 'FULL'))
        ? hazard(
            'vacuum-full',
            '',
            'VACUUM FULL rewrites the table and blocks its reads and writes until done',
            'use plain VACUUM, or pg_repack outside migrations',
          )
        : [];
    case 'CLUSTER':
      return hazard(
        'cluster',
        '',
        'CLUSTER rewrites the table and blocks its reads and writes until done',
        'leave physical order to pg_repack outside migrations',
      );
    case 'REINDEX':
      return tokens.some((token) => isKeyword(token, 'CONCURRENTLY'))
        ? []
        : hazard(
            'reindex',
            '',
            'REINDEX blocks writes to the table while the index rebuilds',
            'use REINDEX … CONCURRENTLY in a migration with "transaction: false"',
          );
    default:
      return [];
  }
}

/** `ALTER TABLE … VALIDATE CONSTRAINT`: the table whose check a later SET NOT NULL can rely on. */
export function validatedTable(statement: string): string | undefined {
  const alter = alterTable(tokenize(statement, 'postgres'));
  const validates = alter?.actions.some(([verb, what]) => isKeyword(verb, 'VALIDATE') && isKeyword(what, 'CONSTRAINT'));
  return validates ? alter!.table : undefined;
}

/** The table after the top-level ON of a CREATE INDEX. */
function indexedTable(tokens: readonly SqlToken[]): string {
  const on = topLevel(tokens).find((i) => isKeyword(tokens[i], 'ON'));
  if (on === undefined) return '';
  return qualifiedName(tokens, isKeyword(tokens[on + 1], 'ONLY') ? on + 2 : on + 1).key;
}

/**
 * ALTER TABLE actions that scan or rewrite the table under a lock that blocks its writes (or
 * reads): ADD FOREIGN KEY / CHECK without NOT VALID, ADD UNIQUE / PRIMARY KEY without USING INDEX,
 * SET NOT NULL, ALTER COLUMN TYPE, ADD COLUMN with a volatile default, a serial, identity or
 * stored generated column, ADD COLUMN NOT NULL without a default, and renames.
 */
function alterHazards(tokens: readonly SqlToken[]): LockHazard[] {
  const alter = alterTable(tokens);
  if (alter === undefined) return [];
  const { table } = alter;
  return alter.actions.flatMap((action) => {
    const found = actionHazard(action, `"${table}"`);
    return found ? [{ ...found, table, applies: 'existing' as const }] : [];
  });
}

type Found = { id: string; reason: string; fix: string } | undefined;

function actionHazard(action: AlterAction, table: string): Found {
  const [verb, second] = action;
  const words = action.map((token) => keywordOf(token));
  const column = addedColumn(action);
  if (column !== undefined) return columnHazard(column, table);
  if (isKeyword(verb, 'ADD')) return constraintHazard(words, table);
  if (isKeyword(verb, 'RENAME') && !isKeyword(second, 'CONSTRAINT')) {
    return {
      id: 'rename',
      reason:
        `renaming ${isKeyword(second, 'TO') ? 'table' : 'a column of'} ${table} breaks the code running ` +
        'against the old name',
      fix: 'add the new name beside the old one (a column kept in step, or a view), move the code, then drop the old',
    };
  }
  if (!isKeyword(verb, 'ALTER')) return undefined;
  const setNotNull = words.some((word, i) => word === 'SET' && words[i + 1] === 'NOT' && words[i + 2] === 'NULL');
  if (setNotNull) {
    return {
      id: 'set-not-null',
      reason: `SET NOT NULL scans all of ${table} while blocking its reads and writes`,
      fix:
        'first ADD CONSTRAINT … CHECK (column IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT in a later migration; ' +
        'SET NOT NULL then uses the check and does not scan',
    };
  }
  if (words.includes('TYPE')) {
    return {
      id: 'column-type',
      reason:
        `ALTER COLUMN … TYPE rewrites ${table} while blocking its reads and writes (unless the new type is ` +
        'binary-compatible)',
      fix: 'add a column of the new type, fill it in batches, move the code to it, then drop the old one',
    };
  }
  return undefined;
}

function columnHazard(column: NonNullable<ReturnType<typeof addedColumn>>, table: string): Found {
  const volatile = column.default ? callsAny(column.default, VOLATILE) : undefined;
  const filled = volatile
    ? `a DEFAULT calling ${volatile}()`
    : SERIAL.has(column.type)
      ? `type ${column.type.toLowerCase()}`
      : column.identity
        ? 'GENERATED … AS IDENTITY'
        : column.stored
          ? 'a stored generated value'
          : undefined;
  if (filled !== undefined) {
    return {
      id: 'volatile-default',
      reason: `ADD COLUMN ${column.name} with ${filled} rewrites ${table} while blocking its reads and writes`,
      fix:
        'add the column without it (or with a constant default), fill existing rows in batches, then set the ' +
        'default',
    };
  }
  if (column.notNull && column.default === undefined) {
    return {
      id: 'required-column',
      reason: `ADD COLUMN ${column.name} NOT NULL without a DEFAULT fails on ${table} as soon as it holds a row`,
      fix: 'give the column a constant DEFAULT, or add it nullable, fill it, then make it NOT NULL',
    };
  }
  return undefined;
}

function constraintHazard(words: readonly (string | undefined)[], table: string): Found {
  const notValid = words.some((word, i) => word === 'NOT' && words[i + 1] === 'VALID');
  const kind = words.find((word) => word === 'FOREIGN' || word === 'CHECK' || word === 'UNIQUE' || word === 'PRIMARY');
  if ((kind === 'FOREIGN' || kind === 'CHECK') && !notValid) {
    return {
      id: kind === 'FOREIGN' ? 'foreign-key' : 'check-constraint',
      reason: `ADD ${kind === 'FOREIGN' ? 'FOREIGN KEY' : 'CHECK'} scans all of ${table} while blocking its writes`,
      fix: 'add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (that scan blocks no writes)',
    };
  }
  if ((kind === 'UNIQUE' || kind === 'PRIMARY') && !words.includes('USING')) {
    return {
      id: 'unique-constraint',
      reason:
        `ADD ${kind === 'UNIQUE' ? 'UNIQUE' : 'PRIMARY KEY'} builds an index on ${table} while blocking its ` +
        'reads and writes',
      fix: 'CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX',
    };
  }
  return undefined;
}
