package io.cloacina.database.postgresql;

import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.ConnectionPooler;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGProperty;

/**
 * Sets up a HikariCP pool for a PostgreSQL database: pgjdbc with {@code ApplicationName=cloacina}
 * and {@code reWriteBatchedInserts=true} (JDBC batches of inserts sent as multi-row statements; see
 * BENCHMARKS.md for what it saves), HikariCP's pool of 10; with a schema, every new connection creates
 * the schema if missing and has its {@code search_path} set to it, or is refused. Behind a pooler in
 * transaction mode, no server-side prepared statements ({@code prepareThreshold=0} unless set) and no
 * session state: the schema and isolation level are set per transaction (see
 * {@link ConnectionPooler#TRANSACTION}). Used by
 * {@code CloacinaDataSource.Builder}; applications build pools with that builder.
 *
 * @since 0.1.0
 */
public final class PostgresPool {

	private PostgresPool() {
	}

	/**
	 * Set up a pool for a PostgreSQL database. No connection is opened here.
	 * @param pool the pool to set up
	 * @param url the database, whose backend is PostgreSQL
	 * @param properties pgjdbc properties that override the defaults and the URL's parameters
	 * @param schema the schema for this application, or {@code null} for {@code public}
	 * @param pooler what stands between the pool and the server
	 * @return {@code null}: nothing to close besides the pool
	 * @throws DatabaseConfigurationException if a property is not a pgjdbc property or the schema
	 * name is not valid
	 */
	public static @Nullable AutoCloseable configure(HikariDataSource pool, DatabaseUrl url,
			Map<String, String> properties, @Nullable String schema, ConnectionPooler pooler) {
		Properties driver = new Properties();
		driver.setProperty("ApplicationName", "cloacina");
		driver.setProperty("reWriteBatchedInserts", "true");
		if (pooler.sharesSessions()) {
			// Named server-side statements live in a session, which the pooler hands to other clients.
			driver.setProperty("prepareThreshold", "0");
		}
		driver.putAll(url.properties());
		driver.remove(PostgresUrls.PGBOUNCER);
		for (Map.Entry<String, String> property : properties.entrySet()) {
			if (PGProperty.forName(property.getKey()) == null) {
				throw new DatabaseConfigurationException(
						"Driver property '" + property.getKey() + "' is not a PostgreSQL JDBC driver property",
						"Use a pgjdbc property name such as ApplicationName, sslmode, connectTimeout, socketTimeout "
								+ "or reWriteBatchedInserts (see org.postgresql.PGProperty).");
			}
			driver.setProperty(property.getKey(), property.getValue());
		}
		pool.setPoolName("cloacina-postgresql");
		pool.setDriverClassName(DatabaseBackend.POSTGRESQL.driverClassName());
		pool.setJdbcUrl(url.jdbcUrl());
		pool.setUsername(url.username());
		pool.setPassword(url.password());
		pool.setDataSourceProperties(driver);
		if (pooler.sharesSessions()) {
			// HikariCP passes the user name and password to the connection source.
			pool.setDataSource(new TransactionPoolerConnections(url.jdbcUrl(), driver,
					(schema != null) ? PostgresSchemas.validate(schema) : null));
			if (schema != null) {
				pool.setConnectionInitSql(PostgresSchemas.transactionPoolerInitSql(schema));
			}
		}
		else if (schema != null) {
			pool.setConnectionInitSql(PostgresSchemas.initSql(PostgresSchemas.validate(schema)));
		}
		return null;
	}

}
