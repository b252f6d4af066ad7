package io.cloacina.database.sqlite;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import org.jspecify.annotations.Nullable;

/**
 * Sets up a HikariCP pool for a SQLite database: {@code journal_mode=WAL} (files),
 * {@code synchronous=NORMAL}, {@code busy_timeout=30000}, {@code foreign_keys=true}; connections that
 * let one write transaction run at a time behind an in-process gate while readers go on in parallel;
 * a pool of {@value #FILE_POOL_SIZE} for a file, of one for an in-memory database (one database per
 * pool, shared by its connections and kept alive until the pool closes). Used by
 * {@code CloacinaDataSource.Builder}; applications build pools with that builder.
 *
 * @since 0.1.0
 */
public final class SqlitePool {

	/**
	 * Default pool size for SQLite files: one writer at a time, the others read. HikariCP's own
	 * default, so that code needing two connections per thread (Hibernate's table-generated ids are
	 * fetched on a second connection) has room for eight threads, as on PostgreSQL.
	 */
	static final int FILE_POOL_SIZE = 10;

	/** Default busy timeout, also the longest a write transaction waits for the writer ahead. */
	static final int BUSY_TIMEOUT_MILLIS = 30_000;

	private SqlitePool() {
	}

	/**
	 * Set up a pool for a SQLite database. No connection is opened here.
	 * @param pool the pool to set up
	 * @param url the database, whose backend is SQLite
	 * @param properties sqlite-jdbc settings that override the defaults and the URL's parameters
	 * @param schema must be {@code null}: SQLite has no schemas
	 * @return what to close after the pool: the connection factory, which holds an in-memory database
	 * open
	 * @throws DatabaseConfigurationException if a schema is given or a setting is not a valid
	 * sqlite-jdbc setting
	 */
	public static AutoCloseable configure(HikariDataSource pool, DatabaseUrl url, Map<String, String> properties,
			@Nullable String schema) {
		if (schema != null) {
			throw new DatabaseConfigurationException(
					"A schema ('" + schema + "') is set but the database is SQLite (" + url.displayUrl()
							+ "); schemas exist only on PostgreSQL",
					"Remove the schema and use a separate SQLite database file per tenant instead.");
		}
		Properties driver = new Properties();
		if (!url.inMemory()) {
			driver.setProperty("journal_mode", "WAL");
		}
		driver.setProperty("synchronous", "NORMAL");
		driver.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
		driver.setProperty("foreign_keys", "true");
		driver.putAll(url.properties());
		for (Map.Entry<String, String> property : properties.entrySet()) {
			String name = property.getKey().toLowerCase(Locale.ROOT);
			String problem = SqliteUrls.checkSetting(name, property.getValue(), (piece) -> "'" + piece + "'",
					(piece, accepted) -> "");
			if (problem != null) {
				throw new DatabaseConfigurationException("Driver property: " + problem,
						"Use a sqlite-jdbc setting name (org.sqlite.SQLiteConfig.Pragma) with one of its values.");
			}
			driver.setProperty(name, property.getValue());
		}
		long busyTimeout = Long.parseLong(driver.getProperty("busy_timeout"));
		String jdbcUrl = url.inMemory() ? "jdbc:sqlite:file:cloacina-" + UUID.randomUUID() + "?mode=memory&cache=shared"
				: url.jdbcUrl();
		SqliteConnectionFactory connections = new SqliteConnectionFactory(jdbcUrl, driver, busyTimeout,
				url.inMemory());
		pool.setPoolName("cloacina-sqlite");
		pool.setDataSource(connections);
		// In memory, shared-cache locks fail at once (SQLITE_LOCKED) instead of waiting: one connection.
		pool.setMaximumPoolSize(url.inMemory() ? 1 : FILE_POOL_SIZE);
		return connections;
	}

}
