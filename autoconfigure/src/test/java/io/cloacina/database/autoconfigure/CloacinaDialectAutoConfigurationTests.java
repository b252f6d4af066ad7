package io.cloacina.database.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.ConnectionPooler;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.LeaderLock.LeaderLease;
import io.cloacina.database.dialect.LeaseLeaderLock;
import io.cloacina.database.postgresql.PostgresAdvisoryLock;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.sqlite.SqliteDialect;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloacinaDialectAutoConfiguration} and {@link ConditionalOnDatabaseBackend}.
 */
class CloacinaDialectAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CloacinaDataSourceAutoConfiguration.class,
				CloacinaDialectAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void sqliteUrlGivesTheSqliteDialectAndItsFragmentsWork() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.run((context) -> {
				assertThat(context).hasSingleBean(DatabaseDialect.class).hasSingleBean(LeaderLock.class);
				DatabaseDialect dialect = context.getBean(DatabaseDialect.class);
				assertThat(dialect).isInstanceOf(SqliteDialect.class);
				assertFragmentsWork(dialect, context.getBean(JdbcTemplate.class));
				assertThat(context.getBean(LeaderLock.class).tryAcquire("x")).isPresent();
			});
	}

	@Test
	void postgresUrlGivesThePostgresDialectAndItsFragmentsWork() {
		this.runner.withPropertyValues("cloacina.database.url=" + TestPostgres.createDatabase()).run((context) -> {
			DatabaseDialect dialect = context.getBean(DatabaseDialect.class);
			assertThat(dialect).isInstanceOf(PostgresDialect.class);
			assertFragmentsWork(dialect, context.getBean(JdbcTemplate.class));
		});
	}

	@Test
	void theLeaderLockIsAnAdvisoryLockWithoutAPoolerAndALeaseRowBehindATransactionPooler() {
		String url = TestPostgres.createDatabase();
		this.runner.withPropertyValues("cloacina.database.url=" + url).run((context) -> {
			assertThat(context.getBean(LeaderLock.class)).isInstanceOf(PostgresAdvisoryLock.class);
			assertThat(context.getBean(CloacinaDataSource.class).getPooler()).isEqualTo(ConnectionPooler.NONE);
		});
		this.runner.withPropertyValues("cloacina.database.url=" + url, "cloacina.database.pooler=session")
			.run((context) -> assertThat(context.getBean(LeaderLock.class)).isInstanceOf(PostgresAdvisoryLock.class));
		// Told by the property or by the URL; on the server directly, the lease lock works the same.
		for (String[] properties : new String[][] { { "cloacina.database.url=" + url, "cloacina.database.pooler=transaction" },
				{ "cloacina.database.url=" + url + "?pgbouncer=true" } }) {
			this.runner.withPropertyValues(properties).run((context) -> {
				assertThat(context.getBean(CloacinaDataSource.class).getPooler()).isEqualTo(ConnectionPooler.TRANSACTION);
				LeaderLock lock = context.getBean(LeaderLock.class);
				assertThat(lock).isInstanceOf(LeaseLeaderLock.class);
				try (LeaderLease lease = lock.tryAcquire("pooled").orElseThrow()) {
					assertThat(lock.tryAcquire("pooled")).isEmpty();
					assertThat(lease.renew()).isTrue();
				}
			});
		}
	}

	@Test
	void onSpringBootsOwnDataSourceTheLeaderLockFollowsThePoolerProperty() {
		String jdbcUrl = DatabaseUrl.parse(TestPostgres.createDatabase()).jdbcUrl();
		this.runner.withPropertyValues("spring.datasource.url=" + jdbcUrl, "spring.datasource.username=postgres",
				"cloacina.database.pooler=transaction")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CloacinaDataSource.class);
				assertThat(context.getBean(LeaderLock.class)).isInstanceOf(LeaseLeaderLock.class);
			});
	}

	@Test
	void aPoolerWithSqliteFailsStartupSayingWhy() {
		this.runner
			.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"),
					"cloacina.database.pooler=transaction")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("A connection pooler (transaction) is set but the database is SQLite"));
	}

	@Test
	void noUrlMeansTheSqliteDialect() {
		this.runner.run((context) -> assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(SqliteDialect.class));
	}

	@Test
	void springDatasourceUrlDecidesWhenCloacinaUrlIsNotSet() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + this.directory.resolve("boot.db"))
			.run((context) -> assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(SqliteDialect.class));
	}

	@Test
	void aUserDataSourceWithoutAnyUrlLeavesTheBackendUnknown() {
		this.runner.withUserConfiguration(UserDataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DatabaseDialect.class)
				.doesNotHaveBean(LeaderLock.class));
	}

	@Test
	void aUserDialectReplacesTheStarters() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.withUserConfiguration(UserDialectConfiguration.class)
			.run((context) -> assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(MySqliteDialect.class));
	}

	@Test
	void usersPutTheConditionOnTheirOwnBeansAndTheReportSaysWhy() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.withUserConfiguration(PerBackendBeans.class)
			.run((context) -> {
				assertThat(context).hasBean("sqliteGreeting").doesNotHaveBean("postgresGreeting");
				ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
				StringBuilder outcomes = new StringBuilder();
				report.getConditionAndOutcomesBySource()
					.values()
					.forEach((conditions) -> conditions
						.forEach((condition) -> outcomes.append(condition.getOutcome().getMessage()).append('\n')));
				assertThat(outcomes).contains("@ConditionalOnDatabaseBackend (postgresql) found configured backend sqlite "
						+ "from cloacina.database.url sqlite://");
			});
	}

	@Test
	void invalidUrlMatchesNoBackend() {
		this.runner.withPropertyValues("cloacina.database.url=mysql://h/db")
			.withUserConfiguration(PerBackendBeans.class)
			.withConfiguration(AutoConfigurations.of(CloacinaDialectAutoConfiguration.class))
			.run((context) -> assertThat(context).hasFailed());
	}

	private static void assertFragmentsWork(DatabaseDialect dialect, JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE setting (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
		String upsert = dialect.upsert("setting", List.of("name", "value"), List.of("name"), List.of("value"));
		jdbc.update(upsert, "a", "1");
		jdbc.update(upsert, "a", "2");
		assertThat(jdbc.queryForObject("SELECT value FROM setting WHERE name = 'a'", String.class)).isEqualTo("2");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSourceConfiguration {

		@Bean
		javax.sql.DataSource userDataSource() {
			return new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.sqlite.JDBC(),
					"jdbc:sqlite::memory:");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDialectConfiguration {

		@Bean
		DatabaseDialect myDialect() {
			return new MySqliteDialect();
		}

	}

	static class MySqliteDialect extends SqliteDialect {

	}

	@Configuration(proxyBeanMethods = false)
	static class PerBackendBeans {

		@Bean
		@ConditionalOnDatabaseBackend(DatabaseBackend.POSTGRESQL)
		String postgresGreeting() {
			return "hello postgres";
		}

		@Bean
		@ConditionalOnDatabaseBackend(DatabaseBackend.SQLITE)
		String sqliteGreeting() {
			return "hello sqlite";
		}

	}

}
