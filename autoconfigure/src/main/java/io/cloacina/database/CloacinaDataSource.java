package io.cloacina.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.cloacina.database.postgresql.PostgresPool;
import io.cloacina.database.postgresql.PostgresUrls;
import io.cloacina.database.sqlite.SqlitePool;
import org.jspecify.annotations.Nullable;

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

	/** What to close after the pool, such as the connection that keeps an in-memory database. */
	private @Nullable AutoCloseable resources;

	/** SQL the backend needs run on every new connection (a schema's search_path), set by the builder. */
	private @Nullable String requiredInitSql;

	private ConnectionPooler pooler = ConnectionPooler.NONE;

	CloacinaDataSource(DatabaseBackend backend, String displayUrl) {
		this.backend = backend;
		this.displayUrl = displayUrl;
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
	 * What stands between this pool and the server, as the builder was told.
	 * @return the pooler; {@link ConnectionPooler#NONE} for SQLite
	 */
	public ConnectionPooler getPooler() {
		return this.pooler;
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

	/**
	 * Set SQL to run on every new connection. With a PostgreSQL schema it runs after the statements
	 * that put the connection into the schema, never instead of them, so that a connection is not
	 * left on {@code public}.
	 * @param connectionInitSql the SQL, or {@code null} for none of your own
	 */
	@Override
	public void setConnectionInitSql(@Nullable String connectionInitSql) {
		String required = this.requiredInitSql;
		if (required == null || connectionInitSql == null || connectionInitSql.isBlank()) {
			super.setConnectionInitSql((required != null) ? required : connectionInitSql);
		}
		else {
			super.setConnectionInitSql(required + " " + connectionInitSql);
		}
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
	 * Builds a {@link CloacinaDataSource} with the defaults of its backend: for SQLite those of
	 * {@link SqlitePool} (WAL, one writer at a time behind an in-process gate, readers in parallel, a
	 * pool of 10 for a file and of 1 in memory), for PostgreSQL those of {@link PostgresPool}
	 * ({@code ApplicationName=cloacina}, {@code reWriteBatchedInserts=true}, a pool of 10, an optional
	 * schema every connection is put in or refused).
	 */
	public static final class Builder {

		private final DatabaseUrl url;

		private final Map<String, String> properties = new LinkedHashMap<>();

		private @Nullable String schema;

		private @Nullable ConnectionPooler pooler;

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
		public Builder schema(@Nullable String schema) {
			this.schema = (schema == null || schema.isBlank()) ? null : schema;
			return this;
		}

		/**
		 * What stands between the application and the PostgreSQL server. Overrides the URL's
		 * {@code pgbouncer} parameter; without either, {@link ConnectionPooler#NONE}.
		 * @param pooler the pooler, or {@code null} for what the URL says
		 * @return this builder
		 */
		public Builder pooler(@Nullable ConnectionPooler pooler) {
			this.pooler = pooler;
			return this;
		}

		/**
		 * Build the data source. No connection is opened here.
		 * @return the data source
		 * @throws DatabaseConfigurationException if a setting cannot work on this backend
		 */
		public CloacinaDataSource build() {
			CloacinaDataSource dataSource = new CloacinaDataSource(this.url.backend(), this.url.displayUrl());
			dataSource.pooler = pooler();
			dataSource.resources = switch (this.url.backend()) {
				case POSTGRESQL -> PostgresPool.configure(dataSource, this.url, this.properties, this.schema,
						dataSource.pooler);
				case SQLITE -> SqlitePool.configure(dataSource, this.url, this.properties, this.schema);
			};
			dataSource.requiredInitSql = dataSource.getConnectionInitSql();
			return dataSource;
		}

		private ConnectionPooler pooler() {
			if (this.url.backend() == DatabaseBackend.SQLITE) {
				if (this.pooler != null && this.pooler != ConnectionPooler.NONE) {
					throw new DatabaseConfigurationException(
							"A connection pooler (" + this.pooler.name().toLowerCase(java.util.Locale.ROOT)
									+ ") is set but the database is SQLite (" + this.url.displayUrl() + ")",
							"Connection poolers stand in front of PostgreSQL servers: remove cloacina.database.pooler, "
									+ "or set it to none.");
				}
				return ConnectionPooler.NONE;
			}
			if (this.pooler != null) {
				return this.pooler;
			}
			ConnectionPooler fromUrl = PostgresUrls.pooler(this.url);
			return (fromUrl != null) ? fromUrl : ConnectionPooler.NONE;
		}

	}

}
