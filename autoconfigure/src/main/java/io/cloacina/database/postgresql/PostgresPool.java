package io.cloacina.database.postgresql;

import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGProperty;

/**
 * Sets up a HikariCP pool for a PostgreSQL database: pgjdbc with {@code ApplicationName=cloacina}
 * and {@code reWriteBatchedInserts=true} (JDBC batches of inserts sent as multi-row statements; see
 * BENCHMARKS.md for what it saves), HikariCP's pool of 10; with a schema, every new connection creates
 * the schema if missing and has its {@code search_path} set to it, or is refused. Used by
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
	 * @return {@code null}: nothing to close besides the pool
	 * @throws DatabaseConfigurationException if a property is not a pgjdbc property or the schema
	 * name is not valid
	 */
	public static @Nullable AutoCloseable configure(HikariDataSource pool, DatabaseUrl url,
			Map<String, String> properties, @Nullable String schema) {
		Properties driver = new Properties();
		driver.setProperty("ApplicationName", "cloacina");
		driver.setProperty("reWriteBatchedInserts", "true");
		driver.putAll(url.properties());
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
		if (schema != null) {
			pool.setConnectionInitSql(PostgresSchemas.initSql(PostgresSchemas.validate(schema)));
		}
		return null;
	}

}
