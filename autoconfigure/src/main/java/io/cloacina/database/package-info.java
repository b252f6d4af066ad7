/**
 * The public API: the backend a URL picks ({@link io.cloacina.database.DatabaseBackend}), the URL
 * understood ({@link io.cloacina.database.DatabaseUrl}), the pooled data source that knows its backend
 * ({@link io.cloacina.database.CloacinaDataSource}), the connection of either backend
 * ({@link io.cloacina.database.AnyConnection}) and the configuration errors applications may catch.
 */
@NullMarked
package io.cloacina.database;

import org.jspecify.annotations.NullMarked;
