package io.cloacina.database;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the builder sets up for each {@link ConnectionPooler}: without a pooler in transaction mode
 * the pool is what it was (pgjdbc behind HikariCP, nothing in between); with one, no server-side
 * prepared statements and connections that keep their session state per transaction. These open no
 * connection; {@code TransactionPoolerIntegrationTests} runs them behind a real PgBouncer.
 */
class CloacinaDataSourcePoolerTests {

	@Test
	void withoutAPoolerOrInSessionModeThePoolIsPlainPgjdbc() {
		for (CloacinaDataSource dataSource : new CloacinaDataSource[] {
				CloacinaDataSource.builder(DatabaseUrl.parse("postgres://u@h/db")).schema("tenant").build(),
				CloacinaDataSource.builder(DatabaseUrl.parse("postgres://u@h/db"))
					.schema("tenant")
					.pooler(ConnectionPooler.SESSION)
					.build() }) {
			try (dataSource) {
				assertThat(dataSource.getDataSource()).isNull();
				assertThat(dataSource.getJdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
				assertThat(dataSource.getDataSourceProperties()).doesNotContainKey("prepareThreshold");
				assertThat(dataSource.getConnectionInitSql()).contains("SET search_path TO \"tenant\", public;");
			}
		}
	}

	@Test
	void inTransactionModeNoServerSidePreparedStatementsAndNoSessionState() {
		try (CloacinaDataSource dataSource = CloacinaDataSource
			.builder(DatabaseUrl.parse("postgres://u:hunter22@h:6432/db?pgbouncer=true"))
			.schema("tenant")
			.build()) {
			assertThat(dataSource.getPooler()).isEqualTo(ConnectionPooler.TRANSACTION);
			assertThat(dataSource.getDataSource()).isNotNull();
			assertThat(dataSource.getDataSourceProperties()).containsEntry("prepareThreshold", "0")
				.doesNotContainKey("pgbouncer");
			// The schema is created and checked at connection time, and set per transaction only.
			assertThat(dataSource.getConnectionInitSql()).doesNotContain("SET search_path")
				.contains("CREATE SCHEMA IF NOT EXISTS \"tenant\"")
				.contains("set_config('search_path', '\"tenant\", public', true)");
			assertThat(dataSource.toString()).doesNotContain("hunter22");
		}
	}

	@Test
	void anExplicitPrepareThresholdIsKeptForPoolersThatSupportPreparedStatements() {
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("postgres://h/db"))
			.pooler(ConnectionPooler.TRANSACTION)
			.properties(Map.of("prepareThreshold", "5"))
			.build()) {
			assertThat(dataSource.getDataSourceProperties()).containsEntry("prepareThreshold", "5");
		}
	}

	@Test
	void theBuilderOverridesTheUrlParameter() {
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("postgres://h/db?pgbouncer=true"))
			.pooler(ConnectionPooler.NONE)
			.build()) {
			assertThat(dataSource.getPooler()).isEqualTo(ConnectionPooler.NONE);
			assertThat(dataSource.getDataSource()).isNull();
			assertThat(dataSource.getDataSourceProperties()).doesNotContainKeys("prepareThreshold", "pgbouncer");
		}
	}

	@Test
	void aPoolerForSqliteIsAClearError() {
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://app.db"))
				.pooler(ConnectionPooler.TRANSACTION)
				.build())
			.withMessageContaining("A connection pooler (transaction) is set but the database is SQLite")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("cloacina.database.pooler"));
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse("sqlite::memory:"))
			.pooler(ConnectionPooler.NONE)
			.build()) {
			assertThat(dataSource.getPooler()).isEqualTo(ConnectionPooler.NONE);
		}
	}

}
