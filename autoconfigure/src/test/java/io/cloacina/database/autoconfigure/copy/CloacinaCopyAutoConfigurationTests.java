package io.cloacina.database.autoconfigure.copy;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copy's auto-configuration: absent without {@code cloacina.copy.from}; with it, never skipped
 * without a word (no data source to copy into fails the startup); a data source of the application's
 * own, not the starter's, is copied into as well.
 */
class CloacinaCopyAutoConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = StarterContextRunner.create()
		.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class, CloacinaCopyAutoConfiguration.class))
		.withPropertyValues("spring.flyway.locations=classpath:db/cloacina-copy-test/{vendor}");

	@Test
	void withoutCopyFromThereIsNoCopy() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("app.db"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DatabaseCopyInitializer.class)
				.doesNotHaveBean(CloacinaCopyProperties.class));
	}

	@Test
	void twoDataSourcesWithoutAPrimaryFailTheStartupInsteadOfSkippingTheCopy() {
		// Without Flyway, which would fail first on two data sources.
		StarterContextRunner.create()
			.withConfiguration(AutoConfigurations.of(CloacinaCopyAutoConfiguration.class))
			.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues("cloacina.copy.from=sqlite://" + this.directory.resolve("app.db"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DatabaseConfigurationException.class)
				.hasMessageContaining("cloacina.copy.from is set, but the application has 2 data sources and none is @Primary"));
	}

	@Test
	void anApplicationsOwnDataSourceIsCopiedInto() {
		Path source = this.directory.resolve("app.db");
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + source).run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(JdbcTemplate.class).update("INSERT INTO note (body) VALUES ('mine')");
		});
		String target = TestPostgres.createDatabase();
		this.runner.withBean(DataSource.class, () -> CloacinaDataSource.builder(DatabaseUrl.parse(target)).build())
			.withBean(CopyExit.class, () -> (status) -> {
				throw new IllegalStateException("then=continue must not exit");
			})
			.withPropertyValues("cloacina.copy.from=sqlite://" + source, "cloacina.copy.then=continue")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DatabaseCopyInitializer.class).getReport().rows()).isEqualTo(1);
				assertThat(context.getBean(JdbcTemplate.class).queryForList("SELECT body FROM note", String.class))
					.isEqualTo(List.of("mine"));
			});
	}

	@Test
	void lazyInitializationDoesNotSkipTheCopy() {
		Path source = this.directory.resolve("app.db");
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + source).run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(JdbcTemplate.class).update("INSERT INTO note (body) VALUES ('lazy')");
		});
		String target = TestPostgres.createDatabase();
		// What spring.main.lazy-initialization=true adds; no bean asks for the database here.
		this.runner.withBean(LazyInitializationBeanFactoryPostProcessor.class)
			.withPropertyValues("cloacina.database.url=" + target, "cloacina.copy.from=sqlite://" + source,
					"cloacina.copy.then=continue")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(target)).build()) {
					assertThat(new JdbcTemplate(dataSource).queryForList("SELECT body FROM note", String.class))
						.containsExactly("lazy");
				}
			});
	}

	@Test
	void exitModeExitsWithZeroThroughTheExitFunction() {
		Path source = this.directory.resolve("app.db");
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + source).run((context) -> {
			assertThat(context).hasNotFailed();
		});
		int[] exited = { -1 };
		this.runner.withBean(CopyExit.class, () -> (status) -> {
			exited[0] = status;
			throw new ExitedException();
		})
			.withPropertyValues("cloacina.database.url=" + TestPostgres.createDatabase(),
					"cloacina.copy.from=sqlite://" + source)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(ExitedException.class);
			});
		assertThat(exited[0]).isZero();
	}

	static class ExitedException extends RuntimeException {

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		DataSource one() {
			return CloacinaDataSource.builder(DatabaseUrl.parse("sqlite::memory:")).build();
		}

		@Bean
		DataSource two() {
			return CloacinaDataSource.builder(DatabaseUrl.parse("sqlite::memory:")).build();
		}

	}

}
