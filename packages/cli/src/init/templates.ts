/** What `infer init` writes. The defaults are those of earlier releases (SQLite in ~/.infer). */

export const CONFIG_TEMPLATE = `# infer configuration, written by "infer init".
# Only the storage section is read by the storage commands; other sections belong to
# the rest of the CLI. Any storage key can be overridden from the environment, its key
# path upper-cased with dots as underscores, e.g. INFER_STORAGE_TYPE=memory or
# INFER_STORAGE_SQLITE_PATH=/tmp/conversations.db.
storage:
  # false turns conversation storage off.
  enabled: true
  # Which backend stores conversations: sqlite, memory, or any type a plugin adds
  # (run "infer backends" to list the installed ones).
  type: sqlite
  sqlite:
    # The database file. ~ is your home directory; a relative path is relative
    # to the directory infer runs in.
    path: ~/.infer/conversations.db
`;

export const GITIGNORE_TEMPLATE = `# Written by "infer init": keep local databases and their journals out of version control.
*.db
*.db-wal
*.db-shm
*.db-journal
*.sqlite
*.sqlite3
*.sqlite-wal
*.sqlite-shm
*.sqlite3-wal
*.sqlite3-shm
`;
