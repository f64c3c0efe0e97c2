/** Where earlier releases kept conversations. */
export const DEFAULT_SQLITE_PATH = '~/.infer/conversations.db';
/** Seconds a write waits for another writer's lock, as earlier releases did. */
export const DEFAULT_SQLITE_BUSY_TIMEOUT = 30;
