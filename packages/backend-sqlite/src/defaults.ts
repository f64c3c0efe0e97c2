/** Where earlier releases kept conversations. */
export const DEFAULT_SQLITE_PATH = '~/.infer/conversations.db';
