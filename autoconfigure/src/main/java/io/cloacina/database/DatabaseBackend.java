package io.cloacina.database;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The database backends the starter supports, each with the data that identifies it.
 *
 * @since 0.1.0
 */
public enum DatabaseBackend {

	/** PostgreSQL through pgjdbc: the backend for several application instances sharing one database. */
	POSTGRESQL("postgresql", "PostgreSQL", "org.postgresql.Driver", "org.postgresql:postgresql", "jdbc:postgresql:"),

	/** SQLite through sqlite-jdbc: the embedded default, one process per database file. */
	SQLITE("sqlite", "SQLite", "org.sqlite.JDBC", "org.xerial:sqlite-jdbc", "jdbc:sqlite:");

	private final String id;

	private final String productName;

	private final String driverClassName;

	private final String driverArtifact;

	private final String jdbcUrlPrefix;

	DatabaseBackend(String id, String productName, String driverClassName, String driverArtifact,
			String jdbcUrlPrefix) {
		this.id = id;
		this.productName = productName;
		this.driverClassName = driverClassName;
		this.driverArtifact = driverArtifact;
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
	 * The product name as the JDBC driver reports it ({@code DatabaseMetaData#getDatabaseProductName}),
	 * which Spring's error-code tables are keyed by.
	 * @return {@code PostgreSQL} or {@code SQLite}
	 */
	public String productName() {
		return this.productName;
	}

	/**
	 * The class name of the JDBC driver.
	 * @return the driver class name
	 */
	public String driverClassName() {
		return this.driverClassName;
	}

	/**
	 * The Maven coordinates ({@code groupId:artifactId}) of the JDBC driver, for messages that say what
	 * to add when it is missing.
	 * @return the driver's coordinates
	 */
	public String driverArtifact() {
		return this.driverArtifact;
	}

	/**
	 * How this backend's JDBC URLs start.
	 * @return {@code jdbc:postgresql:} or {@code jdbc:sqlite:}
	 */
	public String jdbcUrlPrefix() {
		return this.jdbcUrlPrefix;
	}

	/**
	 * Whether a JDBC URL is one of this backend's, by its prefix (case-insensitive).
	 * @param jdbcUrl the JDBC URL
	 * @return whether it starts with {@link #jdbcUrlPrefix()}
	 */
	public boolean matchesJdbcUrl(@Nullable String jdbcUrl) {
		return jdbcUrl != null && jdbcUrl.strip().toLowerCase(Locale.ROOT).startsWith(this.jdbcUrlPrefix);
	}

	/**
	 * The backend of a JDBC URL, such as {@code spring.datasource.url}.
	 * @param jdbcUrl the JDBC URL, may be {@code null}
	 * @return the backend, or empty if the URL is neither a PostgreSQL nor a SQLite JDBC URL
	 */
	public static Optional<DatabaseBackend> fromJdbcUrl(@Nullable String jdbcUrl) {
		for (DatabaseBackend backend : values()) {
			if (backend.matchesJdbcUrl(jdbcUrl)) {
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
