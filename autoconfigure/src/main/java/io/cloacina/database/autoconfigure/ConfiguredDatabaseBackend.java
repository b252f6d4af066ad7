package io.cloacina.database.autoconfigure;

import io.cloacina.database.DatabaseBackend;

/**
 * The backend this application runs on, known from its configuration before any connection is
 * opened: from {@code cloacina.database.url}, from {@code spring.datasource.url} when Spring Boot owns
 * the data source, or the in-memory SQLite default.
 *
 * @param backend the backend
 * @param displayUrl the URL, password masked
 * @since 0.1.0
 */
public record ConfiguredDatabaseBackend(DatabaseBackend backend, String displayUrl) {

}
