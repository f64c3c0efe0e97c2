/** The backend used when the configuration names none, as in earlier releases. */
export const DEFAULT_STORAGE_TYPE = 'sqlite';
