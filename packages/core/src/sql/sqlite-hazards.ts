import { alterTable } from './alter-table.js';
import { type AddedColumn, addedColumn } from './column-definition.js';
import type { LockHazard } from './lock-hazard.js';
import { isKeyword, isSymbol, keywordOf, type SqlToken } from './tokenize.js';

/** How SQLite changes what ALTER TABLE cannot: https://www.sqlite.org/lang_altertable.html#otheralter */
export const TABLE_REBUILD =
  'rebuild the table in the migration: CREATE TABLE new_t with the new definition, INSERT INTO new_t SELECT … ' +
  'FROM t, DROP TABLE t, ALTER TABLE new_t RENAME TO t, then recreate its indexes, triggers and views';

const NON_CONSTANT = new Set(['CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP']);

/**
 * The SQLite ALTER TABLE forms that fail, each with the table-rebuild recipe or a simpler fix:
 * those SQLite never accepts (ALTER COLUMN … TYPE or DEFAULT, ADD PRIMARY KEY / UNIQUE / FOREIGN
 * KEY, a UNIQUE or PRIMARY KEY column, several actions in one statement) and those that work on
 * an empty table and fail once it has rows (a NOT NULL column without a non-NULL default, a
 * default that is not a constant, a STORED generated column, a REFERENCES column with a non-NULL
 * default).
 *
 * @example
 * sqliteHazards(tokenize('ALTER TABLE t ALTER COLUMN a TYPE TEXT', 'sqlite'))[0].id // 'alter-column'
 */
export function sqliteHazards(tokens: readonly SqlToken[]): LockHazard[] {
  const alter = alterTable(tokens);
  if (alter === undefined) return [];
  const { table, actions } = alter;
  const always = (id: string, reason: string, fix = TABLE_REBUILD): LockHazard[] => [
    { id, table, reason, fix, applies: 'always' },
  ];
  if (actions.length > 1)
    return always('several-actions', 'SQLite takes one action per ALTER TABLE', 'write one ALTER TABLE per change');
  const [action = []] = actions;
  const [verb] = action;
  if (isKeyword(verb, 'ALTER')) {
    const words = action.map((token) => keywordOf(token));
    const supported = words.includes('NULL') && !words.includes('TYPE') && !words.includes('DEFAULT');
    return supported ? [] : always('alter-column', `SQLite cannot ALTER COLUMN … ${alteredPart(words)} of "${table}"`);
  }
  if (!isKeyword(verb, 'ADD')) return [];
  const column = addedColumn(action);
  if (column === undefined) {
    const kind = action
      .map((token) => keywordOf(token))
      .find((w) => w === 'PRIMARY' || w === 'UNIQUE' || w === 'FOREIGN');
    const added = kind === 'PRIMARY' ? 'PRIMARY KEY' : kind === 'FOREIGN' ? 'FOREIGN KEY' : kind;
    return added ? always('add-constraint', `SQLite cannot ADD ${added} to "${table}"`) : [];
  }
  if (column.unique) {
    return always(
      'unique-column',
      `SQLite cannot add a UNIQUE or PRIMARY KEY column (${column.name}) to "${table}"`,
      'add the column, then CREATE UNIQUE INDEX on it',
    );
  }
  const failure = failsWithRows(column);
  if (failure === undefined) return [];
  return [
    {
      id: failure.id,
      table,
      reason: `ADD COLUMN ${column.name} ${failure.reason} fails on "${table}" as soon as it holds a row`,
      fix: failure.fix,
      applies: 'existing',
    },
  ];
}

function alteredPart(words: readonly (string | undefined)[]): string {
  return words.includes('DEFAULT') ? 'DEFAULT' : 'TYPE';
}

/** What SQLite checks only against existing rows when a column is added. */
function failsWithRows(column: AddedColumn): { id: string; reason: string; fix: string } | undefined {
  const fallback = column.default;
  const nullDefault = fallback === undefined || (fallback.length === 1 && isKeyword(fallback[0], 'NULL'));
  if (column.notNull && nullDefault) {
    return {
      id: 'required-column',
      reason: 'NOT NULL without a non-NULL DEFAULT',
      fix: `give it a constant DEFAULT, or ${TABLE_REBUILD}`,
    };
  }
  if (fallback !== undefined && (isSymbol(fallback[0], '(') || NON_CONSTANT.has(keywordOf(fallback[0]) ?? ''))) {
    return {
      id: 'non-constant-default',
      reason: 'with a DEFAULT that is not a constant',
      fix: `add it with a constant DEFAULT and UPDATE the rows, or ${TABLE_REBUILD}`,
    };
  }
  if (column.stored) {
    return { id: 'stored-column', reason: 'as a STORED generated column', fix: `make it VIRTUAL, or ${TABLE_REBUILD}` };
  }
  if (column.references && !nullDefault) {
    return {
      id: 'references-default',
      reason: 'with REFERENCES and a non-NULL DEFAULT',
      fix: `add it with DEFAULT NULL and UPDATE the rows, or ${TABLE_REBUILD}`,
    };
  }
  return undefined;
}
