export { addConversations, damageTablePages } from './damage.js';
export { Database, execSql } from './database.js';
export { holdWriteLock } from './write-lock.js';
