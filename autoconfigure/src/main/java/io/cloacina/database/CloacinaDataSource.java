package io.cloacina.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;

/**
 * A HikariCP pool that knows its backend and hands out {@link AnyConnection}s. It is a plain
 * {@link HikariDataSource} to every Spring and JDBC tool (JdbcTemplate, transactions, Flyway, health,
 * metrics): {@link #getConnection()} is Hikari's own, with nothing added per call.
 * <p>
 * Build one with {@link #builder(DatabaseUrl)}, which applies the per-backend defaults; the pool
 * starts on first use, so pool settings may still be changed until then.
 *
 * @since 0.1.0
 */
public class CloacinaDataSource extends HikariDataSource {

	private final DatabaseBackend backend;

	private final String displayUrl;

	private final AutoCloseable resources;

	CloacinaDataSource(DatabaseBackend backend, String displayUrl, AutoCloseable resources) {
		this.backend = backend;
		this.displayUrl = displayUrl;
		this.resources = resources;
	}

	/**
	 * Start building a data source for the given URL.
	 * @param url the parsed URL
	 * @return a builder
	 */
	public static Builder builder(DatabaseUrl url) {
		return new Builder(url);
	}

	/**
	 * The backend this data source connects to.
	 * @return the backend
	 */
	public DatabaseBackend getBackend() {
		return this.backend;
	}

	/**
	 * The URL this data source was built from, with the password masked.
	 * @return the printable URL
	 */
	public String getDisplayUrl() {
		return this.displayUrl;
	}

	/**
	 * Borrow a connection from the pool as an {@link AnyConnection}; close it to return it.
	 * @return the connection
	 * @throws SQLException if no connection can be had
	 */
	// Not a bean property: the actuator's configprops endpoint would borrow a connection and keep it.
	@JsonIgnore
	public AnyConnection getAnyConnection() throws SQLException {
		return AnyConnection.of(this.backend, getConnection());
	}

	/**
	 * Borrow a connection, waiting at most {@code maxWait} for one instead of the pool's
	 * {@code connection-timeout}: for callers that must answer in bounded time, such as a health probe
	 * during an outage. Once the pool runs, the wait is HikariCP's own (dead idle connections are
	 * dropped, and the timeout names the last connection failure as its cause). A pool that has not
	 * started yet starts here, which takes as long as the first connection attempt.
	 * @param maxWait how long to wait for a connection
	 * @return a pooled connection; close it to return it
	 * @throws SQLException if no connection could be had in time, with the last connection failure as
	 * its cause
	 */
	public Connection getConnection(Duration maxWait) throws SQLException {
		if (getHikariPoolMXBean() instanceof HikariPool pool) {
			return pool.getConnection(Math.max(1, maxWait.toMillis()));
		}
		return getConnection();
	}

	@Override
	public void close() {
		try {
			super.close();
		}
		finally {
			if (this.resources != null) {
				try {
					this.resources.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException("Could not release the resources of " + this, ex);
				}
			}
		}
	}

	@Override
	public String toString() {
		return "CloacinaDataSource (" + getPoolName() + ", " + this.backend + ", " + this.displayUrl + ")";
	}

	/**
	 * Builds a {@link CloacinaDataSource} with the defaults of its backend:
	 * <ul>
	 * <li>SQLite: {@code journal_mode=WAL}, {@code synchronous=NORMAL}, {@code busy_timeout=30000},
	 * {@code foreign_keys=true}; one writer at a time behind an in-process gate, readers in parallel;
	 * pool of {@value #SQLITE_POOL_SIZE}. In-memory: one database per data source, shared by its
	 * connections and kept alive until it closes; pool of 1.</li>
	 * <li>PostgreSQL: {@code ApplicationName=cloacina}, {@code reWriteBatchedInserts=true}, pool of 10; with a schema, every connection
	 * has its {@code search_path} set to it or is refused.</li>
	 * </ul>
	 */
	public static final class Builder {

		/**
		 * Default pool size for SQLite files: one writer at a time, the others read. HikariCP's own
		 * default, so that code needing two connections per thread (Hibernate's table-generated ids
		 * are fetched on a second connection) has room for eight threads, as on PostgreSQL.
		 */
		public static final int SQLITE_POOL_SIZE = 10;

		/** Default SQLite busy timeout, also the longest a write transaction waits for the writer ahead. */
		public static final int SQLITE_BUSY_TIMEOUT_MILLIS = 30_000;

		private final DatabaseUrl url;

		private final Map<String, String> properties = new LinkedHashMap<>();

		private String schema;

		Builder(DatabaseUrl url) {
			this.url = url;
		}

		/**
		 * Driver properties (pgjdbc or sqlite-jdbc names) that override the defaults and the URL's
		 * parameters.
		 * @param properties the properties
		 * @return this builder
		 */
		public Builder properties(Map<String, String> properties) {
			this.properties.putAll(properties);
			return this;
		}

		/**
		 * A PostgreSQL schema for this application: created if missing, set as {@code search_path} on
		 * every connection. Not available on SQLite.
		 * @param schema the schema name, or {@code null} for {@code public}
		 * @return this builder
		 */
		public Builder schema(String schema) {
			this.schema = (schema == null || schema.isBlank()) ? null : schema;
			return this;
		}

		/**
		 * Build the data source. No connection is opened here.
		 * @return the data source
		 * @throws DatabaseConfigurationException if a setting cannot work on this backend
		 */
		public CloacinaDataSource build() {
			return switch (this.url.backend()) {
				case POSTGRESQL -> buildPostgres();
				case SQLITE -> buildSqlite();
			};
		}

		private CloacinaDataSource buildPostgres() {
			Properties driver = new Properties();
			driver.setProperty("ApplicationName", "cloacina");
			// Multi-row INSERTs for JDBC batches: 2.1-2.3x faster for 50,000 rows (benchmarks/run.sh).
			driver.setProperty("reWriteBatchedInserts", "true");
			driver.putAll(this.url.properties());
			for (Map.Entry<String, String> property : this.properties.entrySet()) {
				if (org.postgresql.PGProperty.forName(property.getKey()) == null) {
					throw new DatabaseConfigurationException(
							"cloacina.database.properties." + property.getKey() + " is not a PostgreSQL JDBC driver property",
							"Use a pgjdbc property name such as ApplicationName, sslmode, connectTimeout, socketTimeout "
									+ "or reWriteBatchedInserts (see org.postgresql.PGProperty).");
				}
				driver.setProperty(property.getKey(), property.getValue());
			}
			CloacinaDataSource dataSource = new CloacinaDataSource(DatabaseBackend.POSTGRESQL, this.url.displayUrl(),
					null);
			dataSource.setPoolName("cloacina-postgresql");
			dataSource.setDriverClassName(DatabaseBackend.POSTGRESQL.driverClassName());
			dataSource.setJdbcUrl(this.url.jdbcUrl());
			dataSource.setUsername(this.url.username());
			dataSource.setPassword(this.url.password());
			dataSource.setDataSourceProperties(driver);
			if (this.schema != null) {
				dataSource.setConnectionInitSql(PostgresSchemas.initSql(PostgresSchemas.validate(this.schema)));
			}
			return dataSource;
		}

		private CloacinaDataSource buildSqlite() {
			if (this.schema != null) {
				throw new DatabaseConfigurationException(
						"cloacina.database.schema is set to '" + this.schema + "' but the database is SQLite ("
								+ this.url.displayUrl() + "); schemas exist only on PostgreSQL",
						"Remove cloacina.database.schema and use a separate SQLite database file per tenant instead.");
			}
			Properties driver = new Properties();
			if (!this.url.inMemory()) {
				driver.setProperty("journal_mode", "WAL");
			}
			driver.setProperty("synchronous", "NORMAL");
			driver.setProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
			driver.setProperty("foreign_keys", "true");
			driver.putAll(this.url.properties());
			for (Map.Entry<String, String> property : this.properties.entrySet()) {
				String name = property.getKey().toLowerCase(Locale.ROOT);
				String problem = SqliteUrls.checkSetting(name, property.getValue(), (piece) -> "'" + piece + "'");
				if (problem != null) {
					throw new DatabaseConfigurationException("cloacina.database.properties: " + problem,
							"Use a sqlite-jdbc setting name (org.sqlite.SQLiteConfig.Pragma) with one of its values.");
				}
				driver.setProperty(name, property.getValue());
			}
			long busyTimeout = Long.parseLong(driver.getProperty("busy_timeout"));
			String jdbcUrl = this.url.inMemory()
					? "jdbc:sqlite:file:cloacina-" + UUID.randomUUID() + "?mode=memory&cache=shared"
					: this.url.jdbcUrl();
			SqliteConnectionFactory connections = new SqliteConnectionFactory(jdbcUrl, driver, busyTimeout,
					this.url.inMemory());
			CloacinaDataSource dataSource = new CloacinaDataSource(DatabaseBackend.SQLITE, this.url.displayUrl(),
					connections);
			dataSource.setPoolName("cloacina-sqlite");
			dataSource.setDataSource(connections);
			if (this.url.inMemory()) {
				// Shared-cache locks fail at once (SQLITE_LOCKED) instead of waiting: one connection.
				dataSource.setMaximumPoolSize(1);
			}
			else {
				dataSource.setMaximumPoolSize(SQLITE_POOL_SIZE);
			}
			return dataSource;
		}

	}

}
