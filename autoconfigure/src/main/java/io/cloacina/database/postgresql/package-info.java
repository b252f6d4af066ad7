/**
 * The PostgreSQL backend: its dialect, value codec, advisory-lock leader lock, {@code COPY} bulk
 * inserter and exception translator (public), the entry points {@code DatabaseUrl} and
 * {@code CloacinaDataSource} use (libpq URL forms, the pool's set-up), and schema handling (internal).
 */
@NullMarked
package io.cloacina.database.postgresql;

import org.jspecify.annotations.NullMarked;
