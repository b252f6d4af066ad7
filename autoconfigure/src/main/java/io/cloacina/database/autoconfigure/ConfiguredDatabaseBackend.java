package io.cloacina.database.autoconfigure;

import java.nio.file.Path;

import io.cloacina.database.DatabaseBackend;
import org.jspecify.annotations.Nullable;

/**
 * The backend this application runs on, known from its configuration before any connection is
 * opened: the database of the starter's data source (its connection details, else
 * {@code cloacina.database.url}, else the in-memory SQLite default), or of Spring Boot's when
 * {@code spring.datasource.url} is set. Everything that differs per backend after the data source (the
 * dialect, exception translation, the Hibernate, Quartz, Spring Data JDBC and Spring Integration
 * settings) reads this bean; so can the application, to choose inside a bean of its own.
 *
 * @param backend the backend
 * @param displayUrl the URL, password masked
 * @param file the SQLite database file as an absolute path (symbolic links not resolved), or
 * {@code null} for PostgreSQL and in-memory SQLite
 * @since 0.1.0
 */
public record ConfiguredDatabaseBackend(DatabaseBackend backend, String displayUrl, @Nullable Path file) {

}
