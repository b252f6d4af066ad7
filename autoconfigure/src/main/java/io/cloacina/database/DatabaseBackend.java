package io.cloacina.database;

import java.util.Locale;
import java.util.Optional;

/**
 * The database backends the starter supports, each with the data that identifies it.
 *
 * @since 0.1.0
 */
public enum DatabaseBackend {

	/** PostgreSQL through pgjdbc: the backend for several application instances sharing one database. */
	POSTGRESQL("postgresql", "org.postgresql.Driver", "jdbc:postgresql:"),

	/** SQLite through sqlite-jdbc: the embedded default, one process per database file. */
	SQLITE("sqlite", "org.sqlite.JDBC", "jdbc:sqlite:");

	private final String id;

	private final String driverClassName;

	private final String jdbcUrlPrefix;

	DatabaseBackend(String id, String driverClassName, String jdbcUrlPrefix) {
		this.id = id;
		this.driverClassName = driverClassName;
		this.jdbcUrlPrefix = jdbcUrlPrefix;
	}

	/**
	 * The backend's id, the same as Spring Boot's {@code DatabaseDriver} id (and so Flyway's
	 * {@code {vendor}} placeholder): {@code postgresql} or {@code sqlite}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The JDBC driver class of this backend.
	 * @return the fully qualified class name
	 */
	public String driverClassName() {
		return this.driverClassName;
	}

	/**
	 * The backend whose JDBC URL this is, if any.
	 * @param jdbcUrl a JDBC URL, may be {@code null}
	 * @return the backend, or empty when the URL is not a PostgreSQL or SQLite JDBC URL
	 */
	public static Optional<DatabaseBackend> fromJdbcUrl(String jdbcUrl) {
		if (jdbcUrl == null) {
			return Optional.empty();
		}
		String lower = jdbcUrl.strip().toLowerCase(Locale.ROOT);
		for (DatabaseBackend backend : values()) {
			if (lower.startsWith(backend.jdbcUrlPrefix)) {
				return Optional.of(backend);
			}
		}
		return Optional.empty();
	}

	@Override
	public String toString() {
		return this.id;
	}

}
