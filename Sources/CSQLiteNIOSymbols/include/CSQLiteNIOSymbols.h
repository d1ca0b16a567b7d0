// The few functions of the SQLite that sqlite-nio bundles (its symbols carry the `sqlite_nio_` prefix) which Baomi's
// SQLite writer calls directly: one copy of SQLite in the process, so its file locks stay coherent.
#ifndef BAOMI_CSQLITENIOSYMBOLS_H
#define BAOMI_CSQLITENIOSYMBOLS_H
#include <stdint.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

int sqlite_nio_sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs);
int sqlite_nio_sqlite3_close_v2(sqlite3 *db);
int sqlite_nio_sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *arg,
                            char **errmsg);
int sqlite_nio_sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned int flags, sqlite3_stmt **statement,
                                  const char **tail);
int sqlite_nio_sqlite3_bind_int64(sqlite3_stmt *statement, int index, int64_t value);
int sqlite_nio_sqlite3_bind_double(sqlite3_stmt *statement, int index, double value);
int sqlite_nio_sqlite3_bind_null(sqlite3_stmt *statement, int index);
int sqlite_nio_sqlite3_bind_text64(sqlite3_stmt *statement, int index, const char *text, uint64_t bytes,
                                   void (*destructor)(void *), unsigned char encoding);
int sqlite_nio_sqlite3_bind_blob64(sqlite3_stmt *statement, int index, const void *blob, uint64_t bytes,
                                   void (*destructor)(void *));
int sqlite_nio_sqlite3_step(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_reset(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_bind_parameter_count(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *statement);
int sqlite_nio_sqlite3_column_count(sqlite3_stmt *statement);
const char *sqlite_nio_sqlite3_column_name(sqlite3_stmt *statement, int column);
int sqlite_nio_sqlite3_column_type(sqlite3_stmt *statement, int column);
int64_t sqlite_nio_sqlite3_column_int64(sqlite3_stmt *statement, int column);
double sqlite_nio_sqlite3_column_double(sqlite3_stmt *statement, int column);
const unsigned char *sqlite_nio_sqlite3_column_text(sqlite3_stmt *statement, int column);
const void *sqlite_nio_sqlite3_column_blob(sqlite3_stmt *statement, int column);
int sqlite_nio_sqlite3_column_bytes(sqlite3_stmt *statement, int column);
const char *sqlite_nio_sqlite3_errmsg(sqlite3 *db);
int sqlite_nio_sqlite3_extended_errcode(sqlite3 *db);
int sqlite_nio_sqlite3_busy_timeout(sqlite3 *db, int milliseconds);
int sqlite_nio_sqlite3_stmt_status(sqlite3_stmt *statement, int operation, int reset);

/// SQLITE_TRANSIENT: SQLite copies a bound value before the call returns.
static inline void (*baomi_sqlite_transient(void))(void *) { return (void (*)(void *))-1; }

#endif
