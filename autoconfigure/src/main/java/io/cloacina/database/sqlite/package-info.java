/**
 * The SQLite backend: its dialect, value codec, lease leader lock, batch bulk inserter, exception
 * translator and SQLState table (public), the entry points {@code DatabaseUrl} and
 * {@code CloacinaDataSource} use (URL forms, the pool's set-up), and the single-writer transaction core:
 * connection factory, connection, statement and result set wrappers, the transaction state machine and
 * the write gate (internal).
 */
@NullMarked
package io.cloacina.database.sqlite;

import org.jspecify.annotations.NullMarked;
