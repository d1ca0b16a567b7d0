// Declarations only: the definitions are in sqlite-nio's bundled SQLite.
