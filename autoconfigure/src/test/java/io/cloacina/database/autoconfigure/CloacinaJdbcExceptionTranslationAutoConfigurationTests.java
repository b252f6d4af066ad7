package io.cloacina.database.autoconfigure;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.cloacina.database.postgresql.PostgresExceptionTranslator;
import io.cloacina.database.sqlite.SqliteExceptionTranslator;
import io.cloacina.database.test.StarterContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CloacinaJdbcExceptionTranslationAutoConfiguration}: which translator Spring Boot's
 * JDBC beans get, and when the starter backs off.
 */
class CloacinaJdbcExceptionTranslationAutoConfigurationTests {

	private final ApplicationContextRunner runner = StarterContextRunner.create();

	@TempDir
	Path directory;

	@Test
	void sqliteBackendGivesBootsJdbcTemplateAndTransactionManagerTheSqliteTranslator() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.run((context) -> {
				SQLExceptionTranslator translator = context.getBean(SQLExceptionTranslator.class);
				assertThat(translator).isInstanceOf(SqliteExceptionTranslator.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.getExceptionTranslator()).isSameAs(translator);
				assertThat(context.getBean(NamedParameterJdbcTemplate.class).getJdbcTemplate()).isSameAs(jdbc);
				assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(JdbcTransactionManager.class)
					.satisfies((manager) -> assertThat(((JdbcTransactionManager) manager).getExceptionTranslator())
						.isSameAs(translator));
			});
	}

	@Test
	void postgresBackendGetsThePostgresTranslatorWithoutOpeningAConnection() {
		// Nothing listens on port 1: the choice comes from the configuration alone.
		this.runner.withPropertyValues("cloacina.database.url=postgresql://app@localhost:1/app").run((context) -> {
			assertThat(context).hasNotFailed();
			SQLExceptionTranslator translator = context.getBean(SQLExceptionTranslator.class);
			assertThat(translator).isInstanceOf(PostgresExceptionTranslator.class);
			assertThat(context.getBean(JdbcTemplate.class).getExceptionTranslator()).isSameAs(translator);
			assertThat(((JdbcTransactionManager) context.getBean(PlatformTransactionManager.class))
				.getExceptionTranslator()).isSameAs(translator);
		});
	}

	@Test
	void aSqliteDataSourceOwnedBySpringBootGetsTheSqliteTranslatorToo() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + this.directory.resolve("boot.db"))
			.run((context) -> {
				assertThat(context.getBean(SQLExceptionTranslator.class)).isInstanceOf(SqliteExceptionTranslator.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
				jdbc.update("INSERT INTO item (id) VALUES (1)");
				assertThatExceptionOfType(DuplicateKeyException.class)
					.isThrownBy(() -> jdbc.update("INSERT INTO item (id) VALUES (1)"));
			});
	}

	@Test
	void anApplicationTranslatorMakesTheStarterBackOff() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.withUserConfiguration(UserTranslatorConfiguration.class)
			.run((context) -> {
				SQLExceptionTranslator translator = context.getBean(SQLExceptionTranslator.class);
				assertThat(translator).isInstanceOf(SQLStateSQLExceptionTranslator.class);
				assertThat(context.getBean(JdbcTemplate.class).getExceptionTranslator()).isSameAs(translator);
				// The transaction manager keeps Spring's default, as without the starter.
				assertThat(((JdbcTransactionManager) context.getBean(PlatformTransactionManager.class))
					.getExceptionTranslator()).isInstanceOf(SQLExceptionSubclassTranslator.class);
			});
	}

	@Test
	void withAnApplicationDataSourceOfUnknownBackendThereIsNoTranslatorButStillTheRetryTemplate() {
		this.runner.withUserConfiguration(UserDataSourceConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ConfiguredDatabaseBackend.class)
				.doesNotHaveBean(SQLExceptionTranslator.class)
				.hasBean("cloacinaRetryTemplate");
			assertThat(context.getBean(JdbcTemplate.class).getExceptionTranslator())
				.isInstanceOf(SQLExceptionSubclassTranslator.class);
		});
	}

	@Test
	void transactionManagerWithoutExceptionTranslationIsLeftAlone() {
		this.runner
			.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"),
					"spring.dao.exceptiontranslation.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PlatformTransactionManager.class))
					.isExactlyInstanceOf(DataSourceTransactionManager.class);
				assertThat(context.getBean(JdbcTemplate.class).getExceptionTranslator())
					.isInstanceOf(SqliteExceptionTranslator.class);
			});
	}

	@Test
	void theRetryTemplateUsesTheTransientFailurePolicyAndAnApplicationBeanOfItsNameWins() {
		this.runner.run((context) -> {
			RetryTemplate retry = context.getBean("cloacinaRetryTemplate", RetryTemplate.class);
			assertThat(retry.getRetryPolicy().shouldRetry(new DuplicateKeyException("dup"))).isFalse();
			assertThat(retry.getRetryPolicy().shouldRetry(new CannotAcquireLockException("busy"))).isTrue();
		});
		this.runner.withUserConfiguration(UserRetryTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RetryTemplate.class);
			assertThat(context.getBean("cloacinaRetryTemplate", RetryTemplate.class).getRetryPolicy()
				.shouldRetry(new DuplicateKeyException("dup"))).isTrue();
		});
	}

	@Test
	void anApplicationRetryTemplateOfAnotherNameIsTheOneInjectedByType() {
		this.runner.withUserConfiguration(OtherRetryTemplateConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			// By type: the application's own (with the starter's a default candidate too, two would match).
			assertThat(context.getBean(RetryTemplate.class)).isSameAs(context.getBean("myRetryTemplate"));
			assertThat(context.getBean(RetryTemplateUser.class).retry()).isSameAs(context.getBean("myRetryTemplate"));
			// By name: the starter's, with its policy.
			assertThat(context.getBean("cloacinaRetryTemplate", RetryTemplate.class).getRetryPolicy()
				.shouldRetry(new CannotAcquireLockException("busy"))).isTrue();
		});
	}

	@Test
	void theAutoConfigurationIsRegistered() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(CloacinaDataSourceAutoConfiguration.class.getName(),
					CloacinaJdbcExceptionTranslationAutoConfiguration.class.getName());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTranslatorConfiguration {

		@Bean
		SQLExceptionTranslator userTranslator() {
			return new SQLStateSQLExceptionTranslator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSourceConfiguration {

		@Bean
		DataSource userDataSource() {
			return new SimpleDriverDataSource(new org.sqlite.JDBC(), "jdbc:sqlite::memory:");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherRetryTemplateConfiguration {

		@Bean
		RetryTemplate myRetryTemplate() {
			return new RetryTemplate(RetryPolicy.withDefaults());
		}

		@Bean
		RetryTemplateUser retryTemplateUser(RetryTemplate retry) {
			return new RetryTemplateUser(retry);
		}

	}

	record RetryTemplateUser(RetryTemplate retry) {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRetryTemplateConfiguration {

		@Bean
		RetryTemplate cloacinaRetryTemplate() {
			return new RetryTemplate(RetryPolicy.withDefaults());
		}

	}

}
