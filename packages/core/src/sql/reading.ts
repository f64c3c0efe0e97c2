/**
 * Reading a migration's SQL: the statement splitter (dbgate-query-splitter) and what each
 * statement does. Core imports this module lazily, apart from the checksum, which every run needs.
 */
export { classifyStatement } from './classify.js';
export { splitStatements } from './split.js';
export { validatedTable } from './postgres-hazards.js';
