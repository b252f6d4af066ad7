/**
 * Auto-configuration of the data source, the one resolution of where the database is
 * ({@code DatabaseBackendResolver}), the per-backend beans (dialect, value codec, leader lock, bulk
 * inserter, exception translator), configuration properties, conditions and failure analyzers.
 */
@NullMarked
package io.cloacina.database.autoconfigure;

import org.jspecify.annotations.NullMarked;
